#include "systolic/CostModel.h"

#include "systolic/MxCell.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace colcomb {

namespace {
long long bitsToBytes(long long bits) { return (bits + 7) / 8; }
} // namespace

const EnergyComponent kEnergyComponents[8] = {
    {"mac", "MACs", &EnergyBreakdown::mac},
    {"mux", "multiplexers", &EnergyBreakdown::mux},
    {"register", "register hops", &EnergyBreakdown::registers},
    {"sram_weights", "SRAM weights", &EnergyBreakdown::sramWeights},
    {"sram_data", "SRAM data", &EnergyBreakdown::sramData},
    {"dram_weights", "DRAM weights", &EnergyBreakdown::dramWeights},
    {"dram_data", "DRAM data", &EnergyBreakdown::dramData},
    {"leakage", "leakage", &EnergyBreakdown::leakage},
};

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& o)
{
    for (const EnergyComponent& c : kEnergyComponents) this->*c.value += o.*c.value;
    return *this;
}

const char* weightMemoryName(WeightMemory weights) { return weights == WeightMemory::Resident ? "resident" : "streamed"; }

WeightMemory parseWeightMemory(const std::string& name)
{
    if (name == "resident") return WeightMemory::Resident;
    if (name == "streamed") return WeightMemory::Streamed;
    throw std::invalid_argument("unknown memory scenario '" + name + "': choose resident or streamed");
}

std::string memoryScenarioText(const MemoryScenario& memory)
{
    if (memory.weights == WeightMemory::Resident) return "weights resident";
    std::string text = "weights streamed, batch ";
    text += std::to_string(memory.batch);
    return text;
}

CostReport estimateCost(const SimulationResult& sim, const QuantizedLayer& layer, const ArrayConfig& config, const EnergyCosts& costs)
{
    CostReport r;
    EnergyBreakdown& e = r.energy;
    e.mac = static_cast<double>(sim.usefulMacs) * costs.macPj;
    e.mux = static_cast<double>(sim.counters.muxSelections) * costs.muxSelectPj;
    const long long registerBits = sim.counters.dataBusBits + sim.counters.psumHops * config.accumulatorBits;
    e.registers = static_cast<double>(registerBits) * costs.registerPjPerBit;

    const int cellBits = config.weightBits + multiplexerSelectBits(config.muxWidth);
    // SRAM from the accesses the array counted as it ran (the closed form counts them too, and a
    // test holds the two equal): every weight with its select bits read into a cell, every input
    // word read at the array's edge, every result written. A tile after the first of its row block
    // also reads back the partial sums it adds to.
    long long readBack = 0;
    for (const TileReport& t : sim.tiles)
        if (t.tile.colBlock > 0) readBack += static_cast<long long>(t.tile.rows) * sim.vectors;
    const long long weightRead = bitsToBytes(sim.counters.filterReads * cellBits);
    const long long dataRead = bitsToBytes(sim.counters.ifmapReads * config.dataBits) + bitsToBytes(readBack * config.accumulatorBits);
    const long long dataWrite = bitsToBytes(sim.counters.ofmapWrites * config.accumulatorBits);
    r.sramBytes = weightRead + dataRead + dataWrite;
    e.sramWeights = static_cast<double>(weightRead) * costs.sramReadPjPerByte;
    e.sramData = static_cast<double>(dataRead) * costs.sramReadPjPerByte + static_cast<double>(dataWrite) * costs.sramWritePjPerByte;

    const MemoryScenario& memory = costs.memory;
    const long long weightBytes = bitsToBytes(static_cast<long long>(layer.rows()) * layer.groupCount() * cellBits);
    const long long activationBytes = bitsToBytes(static_cast<long long>(layer.inputChannels) * sim.vectors * config.dataBits)
                                      + bitsToBytes(static_cast<long long>(layer.rows()) * sim.vectors * config.dataBits);
    const bool streamed = memory.weights == WeightMemory::Streamed;
    const bool activationsOffChip = streamed || static_cast<double>(activationBytes) > memory.onChipKiB * 1024.0;
    const double weightDram = streamed ? static_cast<double>(weightBytes) / std::max(1, memory.batch) : 0.0;
    const long long dataDram = activationsOffChip ? activationBytes : 0;
    r.dramBytes = static_cast<long long>(std::ceil(weightDram)) + dataDram;
    e.dramWeights = weightDram * costs.dramPjPerByte;
    e.dramData = static_cast<double>(dataDram) * costs.dramPjPerByte;
    e.leakage = static_cast<double>(sim.cellCycles) * costs.leakagePjPerCellCycle;
    r.latencyUs = static_cast<double>(sim.cycles) / config.clockMhz;
    r.areaCells = static_cast<double>(sim.cells) * (1.0 + costs.muxAreaPerInput * (config.muxWidth - 1));
    return r;
}

std::string validateEnergyCosts(const EnergyCosts& c)
{
    for (double v : {c.macPj, c.muxSelectPj, c.registerPjPerBit, c.sramReadPjPerByte, c.sramWritePjPerByte, c.dramPjPerByte,
                     c.leakagePjPerCellCycle, c.muxAreaPerInput, c.memory.onChipKiB})
        if (!std::isfinite(v) || v < 0.0) return "every energy and area value must be a finite number >= 0";
    if (c.memory.batch < 1) return "the batch of a streamed scenario must be at least 1 sample";
    return {};
}

} // namespace colcomb
