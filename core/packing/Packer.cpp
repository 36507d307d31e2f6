#include "packing/Packer.h"

#include "packing/ColumnCombinePruning.h"
#include "packing/ColumnCombiner.h"

#include <cmath>
#include <stdexcept>

namespace colcomb {

std::string validatePackingParams(const PackingParams& p)
{
    if (p.alpha < 1) return "alpha must be at least 1 (got " + std::to_string(p.alpha) + ")";
    if (!std::isfinite(p.gamma) || p.gamma < 0.0) return "gamma must be a finite number >= 0 (got " + std::to_string(p.gamma) + ")";
    if (p.gamma > 1e6) return "gamma is too large (got " + std::to_string(p.gamma) + ")";
    if (p.pairwiseSectionColumns < 0) return "the pairwise section size must be >= 0 (0 = no sections)";
    if (std::string problem = validateArrayShape(p.array); !problem.empty()) return problem;
    return {};
}

namespace {

PackingResult packWithPattern(const FilterMatrix& weights, const SparsityPattern& pattern, ColumnGroups groups, const PackingParams& params)
{
    const CombineLimits limits{params.alpha, conflictBudget(params.gamma, weights.rows())};
    PackingResult result;
    result.params = params;
    result.original = weights;
    result.pruned = columnCombinePrune(weights, pattern, groups);
    result.packed = PackedLayer(result.pruned, std::move(groups));
    result.metrics = measurePacking(weights, pattern, result.packed, limits.conflictBudget,
                                    groupsLowerBound(pattern, params.alpha, limits.conflictBudget), params.array);
    return result;
}

} // namespace

PackingResult packLayer(const FilterMatrix& weights, const PackingParams& params, CombiningSteps* steps)
{
    if (const std::string problem = validatePackingParams(params); !problem.empty()) throw std::invalid_argument(problem);
    const SparsityPattern pattern(weights);
    const CombineLimits limits{params.alpha, conflictBudget(params.gamma, weights.rows())};
    const std::unique_ptr<ColumnCombiner> combiner = makeCombiner(params.method, params.pairwiseSectionColumns);
    if (steps) {
        *steps = CombiningSteps{params.method, params.alpha, limits.conflictBudget, weights.rows(), weights.cols(), weights.nonzeroColumns(),
                                params.method == CombineMethod::Pairwise ? params.pairwiseSectionColumns : 0, {}, {}};
        combiner->setStepListener([steps](const CombiningStep& step) { steps->steps.push_back(step); });
    }
    PackingResult result = packWithPattern(weights, pattern, combiner->combine(pattern, limits), params);
    if (steps) {
        steps->groups = result.packed.groups();
        for (PruneStep& p : pruneSteps(weights, steps->groups)) steps->steps.emplace_back(std::move(p));
    }
    return result;
}

PackingResult packWithGroups(const FilterMatrix& weights, ColumnGroups groups, const PackingParams& params)
{
    return packWithPattern(weights, SparsityPattern(weights), std::move(groups), params);
}

} // namespace colcomb
