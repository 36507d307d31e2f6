#pragma once
// The packed-layer file: the `colcomb pack --json` object, written by `pack --out` and read back
// by `simulate --packed`. Field names are part of the CLI's interface (README, "colcomb pack").
#include "training/ModelFile.h"
#include "packing/Packer.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

inline constexpr int kPackedLayerFormatVersion = 1;

nlohmann::json packingToJson(const PackingResult& result);

struct PackedLayerFile {
    PackedLayer packed;
    PackingParams params;
};

// Throws FileError naming the file and the field that is missing, malformed or inconsistent
// (a select index outside its group, a weight in an empty cell, shapes that disagree).
PackedLayerFile parsePackedLayerJson(std::string_view text, const std::string& name);
PackedLayerFile readPackedLayerFile(const std::string& path);

// A trained model's packed layers (batch norm folded, quantized to `bits`: exportPackedLayers)
// written as packed-layer files folder/layerN.json (the folder is created), for the array the
// model was trained for; returns the paths. Throws FileError for a folder it cannot write.
std::vector<std::string> writePackedLayerFiles(Model& model, const std::string& folder, int bits);

} // namespace colcomb
