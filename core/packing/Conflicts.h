#pragma once
// Conflicts: inside a column group, a row where more than one column holds a nonzero. A group's
// conflict count is sum over rows of (nonzeros - 1) for such rows, which equals
// (sum of its columns' nonzeros) - (rows it covers); that identity is what lets every strategy
// work on OR-ed bitsets instead of counting per row.
#include "matrix/SparsityPattern.h"
#include "packing/ColumnGroup.h"
#include "packing/ConflictBudget.h"

namespace colcomb {

int groupConflicts(const SparsityPattern& pattern, const ColumnGroup& group);

// A group under construction: the rows it covers, its nonzeros and its conflicts so far.
struct GroupCover {
    RowSet rows;
    int nnz = 0;
    int size = 0;
    int conflicts = 0;

    explicit GroupCover(int words) : rows(static_cast<std::size_t>(words), 0) {}
    void add(const SparsityPattern& pattern, int column)
    {
        const auto bits = pattern.column(column);
        conflicts += popcountAnd(bits, rows);
        orInto(rows, bits);
        nnz += pattern.columnNnz(column);
        ++size;
    }
};

} // namespace colcomb
