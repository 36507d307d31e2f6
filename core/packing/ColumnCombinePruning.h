#pragma once
// Column-combine pruning: inside each column group, every row keeps only its weight of largest
// magnitude (the earliest column of the group on ties), so each cell of the packed matrix holds
// one weight. The weights removed are exactly the group's conflicts. With `lanes` N > 1 (N:M) each
// row keeps its N largest in the group instead (keptColumns).
#include "matrix/FilterMatrix.h"
#include "matrix/SparsityPattern.h"
#include "packing/Conflicts.h"

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups, int lanes = 1);
// The same with the weights' sparsity pattern at hand: only the rows where a group collides are
// visited.
FilterMatrix columnCombinePrune(const FilterMatrix& weights, const SparsityPattern& pattern, const ColumnGroups& groups, int lanes = 1);

} // namespace colcomb
