#include "packing/ColumnCombiner.h"

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

std::unique_ptr<ColumnCombiner> makeCombiner(CombineMethod method, int pairwiseSectionColumns, int kernelPositions)
{
    switch (method) {
    case CombineMethod::Greedy: return std::make_unique<GreedyCombiner>();
    case CombineMethod::Pairwise: return std::make_unique<PairwiseCombiner>(pairwiseSectionColumns);
    case CombineMethod::None: return std::make_unique<SingleColumnCombiner>();
    case CombineMethod::Fixed:
    case CombineMethod::NM: return std::make_unique<StructuralCombiner>(kernelPositions);
    }
    return nullptr;
}

} // namespace colcomb
