#include "packing/Packer.h"

#include "packing/ColumnCombinePruning.h"
#include "packing/ColumnCombiner.h"
#include "packing/ExactPacking.h"
#include "packing/PackingSearch.h"
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
    if (!std::isfinite(p.seconds) || p.seconds < 0.0 || p.seconds > 1e7) return "the search budget or time limit must be from 0 to 1e7 seconds (got " + std::to_string(p.seconds) + ")";
    if (p.kernelPositions < 1) return "kernel positions must be at least 1 (got " + std::to_string(p.kernelPositions) + ")";
    return {};
}

int groupWidth(const PackingParams& params) { return params.method == CombineMethod::NM ? params.m : params.alpha; }

int lanesPerGroup(const PackingParams& params) { return params.method == CombineMethod::NM ? params.n : 1; }

MethodChoice methodChoice(const PackingParams& params) { return {params.method, params.n, params.m, params.seconds, params.seed}; }

void setMethodChoice(PackingParams& params, const MethodChoice& choice)
{
    params.method = choice.method;
    params.n = choice.n;
    params.m = choice.m;
    params.seconds = choice.seconds;
    params.seed = choice.seed;
}

namespace {

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

namespace {

// Search and exact: the packing they start from and the one they reach, as two steps.
PackingResult packByTakingTime(const FilterMatrix& weights, const SparsityPattern& pattern, const PackingParams& params, CombiningSteps* steps,
                               const std::atomic<bool>* cancel)
{
    const CombineLimits limits = limitsOf(params, weights.rows());
    const double seconds = effortSeconds(params.method, params.seconds);
    ColumnGroups groups;
    ExactPacking exact;
    ColumnGroups start;
    if (steps || params.method == CombineMethod::Search) start = searchStart(pattern, limits, params.pairwiseSectionColumns);
    if (params.method == CombineMethod::Exact) {
        exact = packExactly(pattern, limits, seconds, params.pairwiseSectionColumns, cancel);
        groups = exact.groups;
    } else {
        groups = improvePacking(pattern, limits, start, {seconds, params.seed}, cancel);
    }
    if (steps) {
        *steps = CombiningSteps{params.method, limits.alpha, limits.conflictBudget, weights.rows(), weights.cols(), weights.nonzeroColumns(), 0, {}, {}};
        const std::string startText = "start: the better of pairwise and greedy, " + std::to_string(start.size()) + " groups";
        std::string endText = params.method == CombineMethod::Exact
                                  ? (exact.optimal ? "exact: " + std::to_string(groups.size()) + " groups, proved optimal"
                                                   : "exact: " + std::to_string(groups.size()) + " groups, none below " + std::to_string(exact.bound) + " (time limit)")
                                  : "search: " + std::to_string(groups.size()) + " groups";
        steps->steps.emplace_back(RegroupStep{std::move(start), startText});
        steps->steps.emplace_back(RegroupStep{groups, endText});
    }
    PackingResult result = packWithPattern(weights, pattern, std::move(groups), params);
    if (params.method == CombineMethod::Exact) {
        result.metrics.groupsLowerBound.proof = exact.bound;
        result.solverLog = std::move(exact.log);
    }
    return result;
}

} // namespace

PackingResult packLayer(const FilterMatrix& weights, const PackingParams& params, CombiningSteps* steps, const std::atomic<bool>* cancel)
{
    if (const std::string problem = validatePackingParams(params); !problem.empty()) throw std::invalid_argument(problem);
    const SparsityPattern pattern(weights);
    PackingResult result;
    if (takesTime(params.method)) {
        result = packByTakingTime(weights, pattern, params, steps, cancel);
    } else {
        const CombineLimits limits = limitsOf(params, weights.rows());
        const std::unique_ptr<ColumnCombiner> combiner = makeCombiner(params.method, params.pairwiseSectionColumns, params.kernelPositions);
        if (steps) {
            *steps = CombiningSteps{params.method, limits.alpha, limits.conflictBudget, weights.rows(), weights.cols(), weights.nonzeroColumns(),
                                    params.method == CombineMethod::Pairwise ? params.pairwiseSectionColumns : 0, {}, {}};
            steps->lanes = lanesPerGroup(params);
            combiner->setStepListener([steps](const CombiningStep& step) { steps->steps.push_back(step); });
        }
        result = packWithPattern(weights, pattern, combiner->combine(pattern, limits), params);
    }
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
