#pragma once
// Column groups: sets of columns of a filter matrix that share one physical column of the
// systolic array. A packing is a list of groups; every nonzero column is in exactly one.
#include <string>
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

// What makes `groups` no packing of a matrix with `columns` columns (an empty group, a column
// outside the matrix, a column in two groups), or "" when they are one. Groups read from files
// are checked with it before anything uses them.
inline std::string columnGroupsProblem(const ColumnGroups& groups, int columns)
{
    std::vector<int> owner(static_cast<std::size_t>(columns > 0 ? columns : 0), -1);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].empty()) return "group " + std::to_string(g) + " is empty";
        for (int c : groups[g]) {
            if (c < 0 || c >= columns) return "group " + std::to_string(g) + " names column " + std::to_string(c) + ", the matrix has " + std::to_string(columns);
            int& o = owner[static_cast<std::size_t>(c)];
            if (o >= 0) return "column " + std::to_string(c) + " is in group " + std::to_string(o) + " and in group " + std::to_string(g);
            o = static_cast<int>(g);
        }
    }
    return {};
}

} // namespace colcomb
