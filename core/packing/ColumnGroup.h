#pragma once
// Column groups: sets of columns of a filter matrix that share one physical column of the
// systolic array. A packing is a list of groups; every nonzero column is in exactly one.
#include <vector>

namespace colcomb {

using ColumnGroup = std::vector<int>;
using ColumnGroups = std::vector<ColumnGroup>;

// For each of `columns` columns, the index of the group holding it, or -1 (an all-zero column,
// which needs no array column).
inline std::vector<int> groupOfColumn(const ColumnGroups& groups, int columns)
{
    std::vector<int> of(static_cast<std::size_t>(columns > 0 ? columns : 0), -1);
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (int c : groups[g])
            if (c >= 0 && c < columns) of[static_cast<std::size_t>(c)] = static_cast<int>(g);
    return of;
}

} // namespace colcomb
