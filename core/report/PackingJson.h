#pragma once
// The packed layer as JSON: the `colcomb pack --json` object and the packed-layer export file.
// Field names are part of the CLI's interface (README, "colcomb pack").
#include "packing/Packer.h"

#include <nlohmann/json.hpp>

namespace colcomb {

inline constexpr int kPackedLayerFormatVersion = 1;

nlohmann::json packingToJson(const PackingResult& result);

} // namespace colcomb
