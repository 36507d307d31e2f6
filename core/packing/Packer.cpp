#include "packing/Packer.h"

#include "packing/ColumnCombinePruning.h"
#include "packing/ColumnCombiner.h"
#include "packing/ReductionGroups.h"

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
    if (p.method == CombineMethod::NM)
        if (std::string problem = nmProblem(p.n, p.m); !problem.empty()) return problem;
    if (p.kernelPositions < 1) return "kernel positions must be at least 1 (got " + std::to_string(p.kernelPositions) + ")";
    return {};
}

int groupWidth(const PackingParams& params) { return params.method == CombineMethod::NM ? params.m : params.alpha; }

int lanesPerGroup(const PackingParams& params) { return params.method == CombineMethod::NM ? params.n : 1; }

MethodChoice methodChoice(const PackingParams& params) { return {params.method, params.n, params.m}; }

void setMethodChoice(PackingParams& params, const MethodChoice& choice)
{
    params.method = choice.method;
    params.n = choice.n;
    params.m = choice.m;
}

namespace {

// Fixed groups and N:M keep each row's largest weights in a group whatever the conflicts: no
// budget applies to them.
bool isStructural(CombineMethod method) { return method == CombineMethod::Fixed || method == CombineMethod::NM; }

CombineLimits limitsOf(const PackingParams& params, int rows)
{
    return {groupWidth(params), isStructural(params.method) ? 0 : conflictBudget(params.gamma, rows)};
}

PackingResult packWithPattern(const FilterMatrix& weights, const SparsityPattern& pattern, ColumnGroups groups, const PackingParams& params)
{
    const CombineLimits limits = limitsOf(params, weights.rows());
    const int lanes = lanesPerGroup(params);
    PackingResult result;
    result.params = params;
    result.original = weights;
    result.pruned = columnCombinePrune(weights, pattern, groups, lanes);
    result.packed = PackedLayer(result.pruned, std::move(groups), lanes);
    // Fixed groups and N:M prune to their structure: no bound on combining's groups applies.
    const bool structural = isStructural(params.method);
    result.metrics = measurePacking(weights, pattern, result.packed, limits.conflictBudget,
                                    structural ? GroupLowerBound{} : groupsLowerBound(pattern, limits.alpha, limits.conflictBudget), params.array);
    if (structural) result.metrics.paddedGroups = paddedGroups(weights.cols(), limits.alpha, params.kernelPositions);
    return result;
}

} // namespace

PackingResult packLayer(const FilterMatrix& weights, const PackingParams& params, CombiningSteps* steps)
{
    if (const std::string problem = validatePackingParams(params); !problem.empty()) throw std::invalid_argument(problem);
    const SparsityPattern pattern(weights);
    const CombineLimits limits = limitsOf(params, weights.rows());
    const std::unique_ptr<ColumnCombiner> combiner = makeCombiner(params.method, params.pairwiseSectionColumns, params.kernelPositions);
    if (steps) {
        *steps = CombiningSteps{params.method, limits.alpha, limits.conflictBudget, weights.rows(), weights.cols(), weights.nonzeroColumns(),
                                params.method == CombineMethod::Pairwise ? params.pairwiseSectionColumns : 0, {}, {}};
        steps->lanes = lanesPerGroup(params);
        combiner->setStepListener([steps](const CombiningStep& step) { steps->steps.push_back(step); });
    }
    PackingResult result = packWithPattern(weights, pattern, combiner->combine(pattern, limits), params);
    if (steps) {
        steps->groups = result.packed.groups();
        for (PruneStep& p : pruneSteps(weights, steps->groups, lanesPerGroup(params))) steps->steps.emplace_back(std::move(p));
    }
    return result;
}

PackingResult packWithGroups(const FilterMatrix& weights, ColumnGroups groups, const PackingParams& params)
{
    return packWithPattern(weights, SparsityPattern(weights), std::move(groups), params);
}

} // namespace colcomb
