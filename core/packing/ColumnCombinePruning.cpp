#include "packing/ColumnCombinePruning.h"

#include "packing/CombiningSteps.h"


namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups)
{
    FilterMatrix pruned = weights;
    // Row by row: the matrix is row-major, so each row's groups are read from one cache line run.
    for (int r = 0; r < weights.rows(); ++r) {
        for (const ColumnGroup& group : groups) {
            const int keep = keptColumn(weights, r, group);
            for (int c : group)
                if (c != keep) pruned(r, c) = 0.0f;
        }
    }
    return pruned;
}

} // namespace colcomb
