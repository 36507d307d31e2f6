#include "packing/ColumnCombiner.h"

namespace colcomb {

ColumnGroups SingleColumnCombiner::combine(const SparsityPattern& pattern, const CombineLimits&) const
{
    ColumnGroups groups;
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) groups.push_back({c});
    return groups;
}

std::unique_ptr<ColumnCombiner> makeCombiner(CombineMethod method, int pairwiseSectionColumns)
{
    switch (method) {
    case CombineMethod::Greedy: return std::make_unique<GreedyCombiner>();
    case CombineMethod::Pairwise: return std::make_unique<PairwiseCombiner>(pairwiseSectionColumns);
    case CombineMethod::None: return std::make_unique<SingleColumnCombiner>();
    }
    return nullptr;
}

} // namespace colcomb
