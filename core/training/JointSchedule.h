#pragma once
// The joint schedule of the released recipe: when pruning and combining happen during training.
// At n pruning steps spread evenly over the first `span` of the epochs, step i reaches progress
//   p_i = final x (1 - (1 - i/n)^3),  the last exactly `final`,
// and a layer with multiplexer width alpha then prunes p_i x (1 - 1/alpha) of its weights before
// it is column-combined (JointOptimizer.h).
#include <vector>

namespace colcomb {

struct PruneSchedule {
    int steps = 10;
    double finalProgress = 0.8;
    double span = 0.5;  // share of the epochs the pruning steps are spread over

    // Epoch (0-based) at whose start each pruning step happens; steps beyond the run collapse.
    std::vector<int> epochs(int totalEpochs) const;
    double progress(int step) const;
};

} // namespace colcomb
