#include "packing/ColumnCombiner.h"

#include "packing/ExactPacking.h"
#include "packing/PackingSearch.h"
#include "packing/ReductionGroups.h"

namespace colcomb {

ColumnGroups SingleColumnCombiner::combine(const SparsityPattern& pattern, const CombineLimits&) const
{
    ColumnGroups groups;
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) groups.push_back({c});
    return groups;
}

ColumnGroups StructuralCombiner::combine(const SparsityPattern& pattern, const CombineLimits& limits) const
{
    return reductionGroups(pattern, limits.alpha, m_kernelPositions);
}

ColumnGroups SearchCombiner::combine(const SparsityPattern& pattern, const CombineLimits& limits) const
{
    return improvePacking(pattern, limits, searchStart(pattern, limits, m_sectionColumns), {effortSeconds(CombineMethod::Search, m_seconds), m_seed});
}

ColumnGroups ExactCombiner::combine(const SparsityPattern& pattern, const CombineLimits& limits) const
{
    return packExactly(pattern, limits, effortSeconds(CombineMethod::Exact, m_seconds), m_sectionColumns).groups;
}

std::unique_ptr<ColumnCombiner> makeCombiner(CombineMethod method, int pairwiseSectionColumns, int kernelPositions, double seconds, unsigned seed)
{
    switch (method) {
    case CombineMethod::Greedy: return std::make_unique<GreedyCombiner>();
    case CombineMethod::Pairwise: return std::make_unique<PairwiseCombiner>(pairwiseSectionColumns);
    case CombineMethod::None: return std::make_unique<SingleColumnCombiner>();
    case CombineMethod::Fixed:
    case CombineMethod::NM: return std::make_unique<StructuralCombiner>(kernelPositions);
    case CombineMethod::Search: return std::make_unique<SearchCombiner>(pairwiseSectionColumns, seconds, seed);
    case CombineMethod::Exact: return std::make_unique<ExactCombiner>(pairwiseSectionColumns, seconds);
    }
    return nullptr;
}

} // namespace colcomb
