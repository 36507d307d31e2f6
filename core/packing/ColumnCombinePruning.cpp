#include "packing/ColumnCombinePruning.h"

#include <cmath>

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups)
{
    FilterMatrix pruned = weights;
    // Row by row: the matrix is row-major, so each row's groups are read from one cache line run.
    for (int r = 0; r < weights.rows(); ++r) {
        for (const ColumnGroup& group : groups) {
            int keep = -1;
            for (int c : group)
                if (weights(r, c) != 0.0f && (keep < 0 || std::fabs(weights(r, c)) > std::fabs(weights(r, keep)))) keep = c;
            for (int c : group)
                if (c != keep) pruned(r, c) = 0.0f;
        }
    }
    return pruned;
}

} // namespace colcomb
