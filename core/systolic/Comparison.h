#pragma once
// A packed layer on the array next to its baselines over the same weights and the same inputs:
// unpacked (every nonzero column its own array column, the paper's unstructured baseline) and
// dense (every column, every row).
#include "systolic/CostModel.h"

namespace colcomb {

struct ArrayRun {
    QuantizedLayer layer;
    SimulationResult sim;
    CostReport cost;
};

struct ArrayComparison {
    ArrayConfig config;
    EnergyCosts costs;  // the energies and memory scenario the runs were costed with
    InputBatch inputs;
    ArrayRun packed;
    ArrayRun unpacked;
    ArrayRun dense;
};

// Throws std::invalid_argument for a bad config or fewer than one vector, SimulationCancelled
// once `cancel` is raised.
ArrayComparison simulateWithBaselines(const PackedLayer& packed, const ArrayConfig& config, int vectors, std::uint64_t seed,
                                      const EnergyCosts& costs = {}, const std::atomic<bool>* cancel = nullptr);

} // namespace colcomb
