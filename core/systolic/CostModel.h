#pragma once
// Energy, latency and area of a simulated layer, from counted events and per-event energies, under
// a named memory scenario.
//
// Per-event energies are 45 nm figures from M. Horowitz, "Computing's energy problem (and what we
// can do about it)", ISSCC 2014: 8-bit integer multiply 0.2 pJ and 32-bit add 0.1 pJ (so one MAC
// 0.3 pJ); 64-bit read from a 32 KB SRAM 20 pJ (2.5 pJ per byte); 64-bit DRAM access 1.3-2.6 nJ
// (we take 2 nJ: 250 pJ per byte). The multiplexer and register-hop energies are our own
// estimates on the same scale (a flip-flop bit ~ an 8-bit add / 8), marked as such. Leakage and
// clocking per cell and cycle is a separate term, 0 by default: we have no published figure for
// such a cell to cite, and a made-up one would decide the comparison. Every value is editable.
//
// Memory scenario: where the weights live, the choice that decides whether DRAM dominates.
//   resident  the layer's weights and select bits stay on chip, loaded from DRAM once per model and
//             so not charged per sample (the paper's ASIC holds LeNet-5 so). The layer's inputs and
//             outputs go through DRAM only when together they exceed the on-chip buffer.
//   streamed  weights and select bits come from DRAM once per batch of B samples, so a run pays
//             1/B of them; the layer's inputs and outputs go through DRAM once.
// In both, every tile's weights and select bits are read from SRAM into the cells once per run:
// select bits are charged where they live, beside their weight, never as extra DRAM traffic when
// the weights are resident.
#include "systolic/Simulator.h"

#include <string>

namespace colcomb {

enum class WeightMemory { Resident, Streamed };

struct MemoryScenario {
    WeightMemory weights = WeightMemory::Resident;
    int batch = 1;              // streamed: samples sharing one DRAM load of the weights
    double onChipKiB = 256.0;   // resident: the activation buffer a layer's inputs and outputs must fit
};

// "weights resident" or "weights streamed, batch 8": what every energy figure names as its basis.
std::string memoryScenarioText(const MemoryScenario& memory);
// "resident" / "streamed", the JSON and command-line names.
const char* weightMemoryName(WeightMemory weights);
// Throws std::invalid_argument naming the choices.
WeightMemory parseWeightMemory(const std::string& name);

struct EnergyCosts {
    double macPj = 0.3;                 // Horowitz 2014: 8-bit mult 0.2 + 32-bit add 0.1
    double muxSelectPj = 0.01;          // estimate: one alpha-to-1 selection of an 8-bit value
    double registerPjPerBit = 0.004;    // estimate: one flip-flop bit moved between cells
    double sramReadPjPerByte = 2.5;     // Horowitz 2014: 32 KB SRAM, 20 pJ per 64 bits
    double sramWritePjPerByte = 2.5;    // taken equal to a read
    double dramPjPerByte = 250.0;       // Horowitz 2014: 1.3-2.6 nJ per 64 bits, 2 nJ taken
    double leakagePjPerCellCycle = 0.0; // no sourced figure: set it from your cell library
    double muxAreaPerInput = 0.04;      // estimate: area of one more multiplexer input, in MAC cells
    MemoryScenario memory;
};

// A run's energy by component, in pJ.
struct EnergyBreakdown {
    double mac = 0.0;
    double mux = 0.0;
    double registers = 0.0;    // data bits and partial sums moved between cells
    double sramWeights = 0.0;  // every tile's weights and select bits, read into the cells
    double sramData = 0.0;     // input data read, partial sums written and read back
    double dramWeights = 0.0;  // streamed: the layer's weights and select bits / batch
    double dramData = 0.0;     // the layer's inputs and outputs, when they go off chip
    double leakage = 0.0;      // cells x cycles x leakage and clocking
    double total() const { return mac + mux + registers + sramWeights + sramData + dramWeights + dramData + leakage; }
    EnergyBreakdown& operator+=(const EnergyBreakdown& o);
    bool operator==(const EnergyBreakdown&) const = default;
};
// The components in a fixed order with their JSON names ("mac", "mux", "register", "sram_weights",
// "sram_data", "dram_weights", "dram_data", "leakage"), for every table and chart that lists them.
struct EnergyComponent {
    const char* key;
    const char* label;
    double EnergyBreakdown::*value;
};
extern const EnergyComponent kEnergyComponents[8];

struct CostReport {
    EnergyBreakdown energy;
    double energyPj() const { return energy.total(); }
    double latencyUs = 0.0;
    long long sramBytes = 0;
    long long dramBytes = 0;
    double areaCells = 0.0;             // MAC-cell equivalents, multiplexers included
};

CostReport estimateCost(const SimulationResult& sim, const QuantizedLayer& layer, const ArrayConfig& config,
                        const EnergyCosts& costs = {});

// Empty when usable, otherwise the name of the bad value.
std::string validateEnergyCosts(const EnergyCosts& costs);

} // namespace colcomb
