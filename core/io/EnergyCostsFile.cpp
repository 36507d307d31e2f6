#include "io/EnergyCostsFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace colcomb {

namespace {

// One table of names, so reading and writing cannot drift apart.
std::pair<const char*, double EnergyCosts::*> const kFields[] = {
    {"mac_pj", &EnergyCosts::macPj},
    {"mux_select_pj", &EnergyCosts::muxSelectPj},
    {"register_pj_per_bit", &EnergyCosts::registerPjPerBit},
    {"sram_read_pj_per_byte", &EnergyCosts::sramReadPjPerByte},
    {"sram_write_pj_per_byte", &EnergyCosts::sramWritePjPerByte},
    {"dram_pj_per_byte", &EnergyCosts::dramPjPerByte},
    {"leakage_pj_per_cell_cycle", &EnergyCosts::leakagePjPerCellCycle},
    {"mux_area_per_input", &EnergyCosts::muxAreaPerInput},
};

} // namespace

EnergyCosts parseEnergyCosts(std::string_view text, const std::string& name)
{
    const nlohmann::json j = parseJsonText(text, name);
    if (!j.is_object()) throw FileError(name, "expected a JSON object of per-event energies");
    EnergyCosts costs;
    for (const auto& [key, value] : j.items()) {
        // The memory scenario's three settings (CostModel.h), beside the numbers.
        if (key == "memory") {
            if (!value.is_string()) throw FileError(name, "'memory' must be \"resident\" or \"streamed\"");
            try {
                costs.memory.weights = parseWeightMemory(value.get<std::string>());
            } catch (const std::invalid_argument& e) {
                throw FileError(name, e.what());
            }
            continue;
        }
        if (key == "batch") {
            if (!value.is_number_integer() || value.get<long long>() < 1 || value.get<long long>() > 1'000'000'000)
                throw FileError(name, "'batch' must be a whole number of samples >= 1");
            costs.memory.batch = value.get<int>();
            continue;
        }
        if (key == "on_chip_kib") {
            if (!value.is_number() || value.get<double>() < 0.0) throw FileError(name, "'on_chip_kib' must be a number >= 0");
            costs.memory.onChipKiB = value.get<double>();
            continue;
        }
        const auto* f = std::find_if(std::begin(kFields), std::end(kFields), [&](const auto& entry) { return key == entry.first; });
        if (f == std::end(kFields)) throw FileError(name, "unknown energy '" + key + "'");
        if (!value.is_number() || value.get<double>() < 0.0) throw FileError(name, "'" + key + "' must be a number >= 0");
        costs.*(f->second) = value.get<double>();
    }
    if (const std::string problem = validateEnergyCosts(costs); !problem.empty()) throw FileError(name, problem);
    return costs;
}

EnergyCosts readEnergyCostsFile(const std::string& path) { return parseEnergyCosts(readWholeFile(path), path); }

nlohmann::json energyBreakdownToJson(const EnergyBreakdown& energy, double scale)
{
    nlohmann::json j = nlohmann::json::object();
    for (const EnergyComponent& c : kEnergyComponents) j[c.key] = energy.*c.value * scale;
    return j;
}

nlohmann::json energyCostsToJson(const EnergyCosts& costs)
{
    nlohmann::json j = nlohmann::json::object();
    for (const auto& [key, member] : kFields) j[key] = costs.*member;
    j["memory"] = weightMemoryName(costs.memory.weights);
    j["batch"] = costs.memory.batch;
    j["on_chip_kib"] = costs.memory.onChipKiB;
    return j;
}

} // namespace colcomb
