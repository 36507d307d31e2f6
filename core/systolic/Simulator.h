#pragma once
// A whole layer on one array: its tiles in sequence, the partial sums of the tiles of one output
// row block accumulated, and the result checked against the exact integer product.
#include "systolic/SystolicArray.h"

#include <atomic>
#include <stdexcept>
#include <vector>

namespace colcomb {

struct TileReport {
    Tile tile;
    long long cycles = 0;       // as the machine ran it
    TileTiming expected;        // the closed form (TileTiming.h)
    long long usefulMacs = 0;
};

struct SimulationResult {
    long long vectors = 0;
    long long cycles = 0;
    long long weightLoadCycles = 0;
    long long usefulMacs = 0;
    long long cells = 0;        // of the array
    long long cellCycles = 0;   // cells x cycles
    double utilization = 0.0;   // useful MAC-cycles / cell-cycles (a MAC spans `beat` cycles)
    std::vector<TileReport> tiles;
    ArrayCounters counters;
    Int64Matrix outputs;        // mapped rows x vectors
    long long mismatches = 0;   // outputs that differ from the int64 reference
    bool verified = false;      // every output equals the reference, no overflow, no misalignment
};

// What simulateLayer throws when its `cancel` flag is raised: the tiles not yet begun never run,
// so a huge layer stops within one tile's time.
struct SimulationCancelled : std::runtime_error {
    SimulationCancelled() : std::runtime_error("the simulation was cancelled") {}
};

SimulationResult simulateLayer(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config,
                               const std::atomic<bool>* cancel = nullptr);

} // namespace colcomb
