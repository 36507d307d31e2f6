#pragma once
// Joint optimization, the released recipe: during the first part of training, at evenly spread
// epochs, prune each packed layer by magnitude to a growing share of its weights, then column-
// combine it and prune its conflicts; the result fixes the layer's mask until the next step.
//   progress at pruning step i of n: p_i = final x (1 - (1 - i/n)^3), the last exactly `final`;
//   a layer with multiplexer width alpha prunes p_i x (1 - 1/alpha) of its weights.
// Layers with alpha 1 are left dense.
#include "nn/JointSchedule.h"
#include "nn/Network.h"
#include "packing/Packer.h"
#include "packing/Utilization.h"

namespace colcomb {

struct JointSettings {
    PruneSchedule schedule;
    CombineMethod method = CombineMethod::Pairwise;
    double gamma = 0.5;
    int pairwiseSectionColumns = 256;
    float l1 = 1e-7f;  // applied until the last pruning step
};

// One pruning step on every layer with alpha > 1; returns each conv layer's groups (empty for
// unpacked layers).
std::vector<ColumnGroups> pruneAndCombine(Network& net, double progress, const JointSettings& settings);

// The network's layers as the array would hold them, with the given groups (unpacked layers as
// one column per nonzero column): nonzeros, utilization (nonzeros / cells, as the released
// training script logs it) and tiles.
struct ModelPacking {
    long long nnz = 0;
    long long cells = 0;
    long long tiles = 0;
    double utilization() const { return utilizationEfficiency(static_cast<double>(nnz), static_cast<double>(cells)); }
    std::vector<PackingResult> layers;
};
ModelPacking measureModelPacking(Network& net, const std::vector<ColumnGroups>& groups, double gamma, ArrayShape array);

} // namespace colcomb
