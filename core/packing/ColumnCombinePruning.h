#pragma once
// Column-combine pruning: inside each column group, every row keeps only its weight of largest
// magnitude (the earliest column of the group on ties), so each cell of the packed matrix holds
// one weight. The weights removed are exactly the group's conflicts.
#include "matrix/FilterMatrix.h"
#include "matrix/SparsityPattern.h"
#include "packing/Conflicts.h"

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups);
// The same with the weights' sparsity pattern at hand: only the rows where a group collides are
// visited.
FilterMatrix columnCombinePrune(const FilterMatrix& weights, const SparsityPattern& pattern, const ColumnGroups& groups);

} // namespace colcomb
