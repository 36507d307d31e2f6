// Any bytes: parseNpz either throws FileError or returns arrays that serialize and parse back to
// themselves.
#include "FuzzSeeds.h"
#include "base/FileError.h"
#include "base/ZipArchive.h"
#include "io/Npz.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    const colcomb::NpyArray w{{2, 3}, {1, 0, -2, 0, 3, 0}, colcomb::NpyDtype::Float32};
    const colcomb::NpyArray s{{}, {7}, colcomb::NpyDtype::Int64};
    return {colcomb::serializeNpz({{"conv.weight", w}, {"bn.num_batches_tracked", s}}),
            colcomb::serializeZip({{"w.npy", colcomb::serializeNpy(w)}}, colcomb::ZipCompression::Store)};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<colcomb::NpzEntry> entries;
    try {
        entries = colcomb::parseNpz({reinterpret_cast<const char*>(data), size}, "fuzz.npz");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    const std::vector<colcomb::NpzEntry> again = colcomb::parseNpz(colcomb::serializeNpz(entries), "again.npz");
    if (again.size() != entries.size()) std::abort();
    for (std::size_t i = 0; i < entries.size(); ++i)
        if (again[i].key != entries[i].key || again[i].array.values != entries[i].array.values || again[i].array.shape != entries[i].array.shape) std::abort();
    return 0;
}
