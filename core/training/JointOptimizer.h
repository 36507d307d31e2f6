#pragma once
// Joint optimization, the released recipe: during the first part of training, at evenly spread
// epochs, prune each packed layer by magnitude to a growing share of its weights, then column-
// combine it and prune its conflicts; the result fixes the layer's mask until the next step.
//   progress at pruning step i of n: p_i = final x (1 - (1 - i/n)^3), the last exactly `final`;
//   a layer with multiplexer width alpha prunes p_i x (1 - 1/alpha) of its weights.
// Layers with alpha 1 are left dense.
//
// The baselines step through the same schedule: fixed groups prune to 1 - 1/alpha as column
// combining does; N:M prunes to p_i x (1 - N/M) by magnitude and then applies the N:M mask, which
// at the last step leaves exactly N of every M (the magnitude share alone would leave some groups
// with more). N:M uses M for every packed layer, whatever its alpha.
//
// Magnitude pruning is permanent: those weights are zeroed and stay zero. Column-combine pruning
// is not: the released code only masks the conflicting weights, keeping their values, and the next
// step ranks every kept value by magnitude again. So each step's conflicts are pruned from that
// step's magnitude mask, and the layer ends at the final step's density less that step's
// conflicts. Zeroing them instead compounds the conflict budget over the steps: LeNet-5's fc1
// then falls to one weight per row in each of 400 / alpha groups, far sparser than the recipe.
#include "training/JointSchedule.h"
#include "nn/Network.h"
#include "packing/Packer.h"
#include "packing/Utilization.h"

namespace colcomb {

struct JointSettings {
    PruneSchedule schedule;
    MethodChoice method;  // with N:M's numbers, search's budget and seed, exact's time limit
    double gamma = 0.5;
    int pairwiseSectionColumns = 256;
    float l1 = 1e-7f;  // applied until the last pruning step
};

// One layer's pruning step: the floor(progress x (1 - 1/alpha) x count) smallest magnitudes of
// `weight` (the previous step's conflicts restored) are zeroed, the first in memory order among
// equals, and the rest is column-combined and its conflicts pruned. The result's `original` is the
// magnitude-pruned weight and its `pruned` the layer's new weight: their difference is what the
// next step restores. pruneAndCombine and colcomb.torch's JointSchedule both step through here.
// `kernelPositions` (the layer's kh x kw) is what fixed groups and N:M group its columns by.
PackingResult jointPruneLayer(const FilterMatrix& weight, int alpha, double progress, const JointSettings& settings, int kernelPositions = 1);

// The packing a layer of multiplexer width alpha gets under `settings`.
PackingParams jointPackingParams(const JointSettings& settings, int alpha, int kernelPositions);

// One pruning step on every layer with alpha > 1; returns each conv layer's groups (empty for
// unpacked layers). `conflictPruned` (per filter layer, an empty matrix for none) holds the values
// that the previous step's column-combine pruning masked; this step restores them before it ranks
// magnitudes and leaves there the ones it masks. Null: a single step with nothing set aside.
std::vector<ColumnGroups> pruneAndCombine(Network& net, double progress, const JointSettings& settings,
                                          std::vector<Matrix>* conflictPruned = nullptr);

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
ModelPacking measureModelPacking(Network& net, const std::vector<ColumnGroups>& groups, const JointSettings& settings, ArrayShape array);

} // namespace colcomb
