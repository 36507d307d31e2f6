#include "training/JointOptimizer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace colcomb {

PackingParams jointPackingParams(const JointSettings& settings, int alpha, int kernelPositions)
{
    PackingParams params;
    params.alpha = alpha;
    params.gamma = settings.gamma;
    setMethodChoice(params, settings.method);
    params.pairwiseSectionColumns = settings.pairwiseSectionColumns;
    params.kernelPositions = kernelPositions;
    return params;
}

PackingResult jointPruneLayer(const FilterMatrix& weight, int alpha, double progress, const JointSettings& settings, int kernelPositions)
{
    if (alpha < 1) throw std::invalid_argument("alpha " + std::to_string(alpha) + " is not a whole number >= 1");
    if (!(progress >= 0.0 && progress <= 1.0)) throw std::invalid_argument("progress " + std::to_string(progress) + " is not in [0, 1]");
    const PackingParams params = jointPackingParams(settings, alpha, kernelPositions);
    DenseMatrix w = weight.weights();
    // Unstructured magnitude pruning to the step's share of the layer's weights: the share the
    // packing keeps is lanes / width (1 / alpha; N / M).
    const auto count = static_cast<std::size_t>(w.size());
    const double kept = static_cast<double>(lanesPerGroup(params)) / groupWidth(params);
    const auto prune = static_cast<std::size_t>(std::floor(progress * (1.0 - kept) * static_cast<double>(count)));
    if (prune > 0) {
        std::vector<float> magnitudes(w.data(), w.data() + count);
        for (float& m : magnitudes) m = std::fabs(m);
        std::nth_element(magnitudes.begin(), magnitudes.begin() + static_cast<std::ptrdiff_t>(prune - 1), magnitudes.end());
        const float threshold = magnitudes[prune - 1];
        // Everything below the threshold goes, then as many of those equal to it as the count
        // still needs, the first in memory order.
        std::size_t removed = 0;
        for (std::size_t k = 0; k < count; ++k)
            if (std::fabs(w.data()[k]) < threshold) {
                w.data()[k] = 0.0f;
                ++removed;
            }
        for (std::size_t k = 0; k < count && removed < prune; ++k)
            if (std::fabs(w.data()[k]) == threshold) {
                w.data()[k] = 0.0f;
                ++removed;
            }
    }
    // Column combining and column-combine pruning fix the mask.
    return packLayer(FilterMatrix(std::move(w)), params);
}

std::vector<ColumnGroups> pruneAndCombine(Network& net, double progress, const JointSettings& settings, std::vector<Matrix>* conflictPruned)
{
    std::vector<ColumnGroups> groups;
    const std::vector<FilterLayer*> layers = net.filterLayers();
    if (conflictPruned) conflictPruned->resize(layers.size());
    for (std::size_t i = 0; i < layers.size(); ++i) {
        FilterLayer& conv = *layers[i];
        const int alpha = conv.alpha;
        if (alpha <= 1) {
            groups.emplace_back();
            continue;
        }
        // The previous step's conflicts compete again, with the values they were masked with.
        Matrix* setAside = conflictPruned ? &(*conflictPruned)[i] : nullptr;
        if (setAside && setAside->rows() == conv.weight.rows() && setAside->cols() == conv.weight.cols()) conv.weight += *setAside;
        const PackingResult packed = jointPruneLayer(conv.filterMatrix(), alpha, progress, settings, conv.kernelPositions());
        if (setAside) *setAside = packed.original.weights() - packed.pruned.weights();
        conv.weight = packed.pruned.weights();
        conv.mask = (conv.weight.array() != 0.0f).cast<float>();
        groups.push_back(packed.packed.groups());
    }
    return groups;
}

ModelPacking measureModelPacking(Network& net, const std::vector<ColumnGroups>& groups, const JointSettings& settings, ArrayShape array)
{
    ModelPacking out;
    const std::vector<FilterLayer*> layers = net.filterLayers();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const FilterMatrix w = layers[i]->filterMatrix();
        PackingParams params = jointPackingParams(settings, layers[i]->alpha, layers[i]->kernelPositions());
        params.array = array;
        const bool grouped = i < groups.size() && !groups[i].empty();
        // A layer without groups is measured as it is: one column per nonzero column.
        if (!grouped) params.method = CombineMethod::None;
        PackingResult r = grouped ? packWithGroups(w, groups[i], params) : packLayer(w, params);
        out.nnz += r.metrics.nnzAfter;
        out.cells += static_cast<long long>(r.metrics.nonemptyRows) * r.metrics.arrayColumns;
        out.tiles += r.metrics.tilesAfter;
        out.layers.push_back(std::move(r));
    }
    return out;
}

} // namespace colcomb
