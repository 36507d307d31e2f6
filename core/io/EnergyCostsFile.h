#pragma once
// Per-event energies and the memory scenario as a JSON object, e.g. {"mac_pj": 0.25,
// "dram_pj_per_byte": 160, "memory": "streamed", "batch": 8}. Keys left out keep their defaults
// (CostModel.h); an unknown key is an error, so a typo is not ignored.
#include "systolic/CostModel.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace colcomb {

EnergyCosts parseEnergyCosts(std::string_view text, const std::string& name);
EnergyCosts readEnergyCostsFile(const std::string& path);
nlohmann::json energyCostsToJson(const EnergyCosts& costs);
// {"mac": pJ, "mux": pJ, ...}: the components under their JSON names (kEnergyComponents).
nlohmann::json energyBreakdownToJson(const EnergyBreakdown& energy, double scale = 1.0);

} // namespace colcomb
