#pragma once
// NumPy .npz files: a zip of .npy members (np.savez stores them, np.savez_compressed deflates
// them), keyed by the member name without ".npy" - a PyTorch state dict saved this way keeps its
// keys ("layer1.0.conv1.weight").
#include "base/Npy.h"
#include "base/ZipArchive.h"

#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct NpzEntry {
    std::string key;
    NpyArray array;
};

// In the archive's order. Throws FileError naming the archive, and the member for a bad .npy or
// for a member that is not one.
std::vector<NpzEntry> parseNpz(std::string_view bytes, const std::string& name);
std::vector<NpzEntry> readNpz(const std::string& path);

// Deflated, as np.savez_compressed (ZipArchive.h: Fast for large masks); written atomically.
std::string serializeNpz(const std::vector<NpzEntry>& entries, ZipCompression compression = ZipCompression::Small);
void writeNpz(const std::string& path, const std::vector<NpzEntry>& entries, ZipCompression compression = ZipCompression::Small);

} // namespace colcomb
