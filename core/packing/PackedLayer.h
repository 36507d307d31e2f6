#pragma once
// The packed filter matrix: rows x array columns. Each cell holds one weight and the select index
// that drives its multiplexer: the original column (input channel) the weight came from, or -1 for
// an empty cell. This is what the systolic array stores.
//
// A group takes one array column in column combining. With `lanes` N > 1 (N:M sparsity) it takes
// min(N, its size) adjacent array columns, all fed by the group's channels: a row's weights in the
// group fill its lanes in the group's column order.
#include "matrix/FilterMatrix.h"
#include "packing/Conflicts.h"

#include <Eigen/Core>

#include <span>
#include <vector>

namespace colcomb {

using SelectMatrix = Eigen::Matrix<int, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

class PackedLayer {
public:
    PackedLayer() = default;
    // `pruned` must hold at most `lanes` nonzeros per row per group (after column-combine pruning);
    // throws std::invalid_argument naming the row and group otherwise, or if a column is in two
    // groups or out of range, or lanes < 1.
    PackedLayer(const FilterMatrix& pruned, ColumnGroups groups, int lanes = 1);

    int rows() const { return static_cast<int>(m_weights.rows()); }
    int groupCount() const { return static_cast<int>(m_groups.size()); }
    // The array columns the layer takes: groupCount() with one lane per group.
    int columns() const { return static_cast<int>(m_weights.cols()); }
    int lanes() const { return m_lanes; }
    // The group each array column belongs to.
    const std::vector<int>& groupOfArrayColumn() const { return m_groupOfArrayColumn; }
    int originalCols() const { return m_originalCols; }
    const ColumnGroups& groups() const { return m_groups; }
    // The group each original column went to (-1: an all-zero column).
    const std::vector<int>& groupOfColumn() const { return m_groupOf; }
    const DenseMatrix& weights() const { return m_weights; }
    const SelectMatrix& select() const { return m_select; }
    long long nnz() const;

    // Back to rows x original columns: equals the pruned matrix it was built from.
    FilterMatrix expand() const;
    // y = packed x, each cell multiplying the input its select index picks: what the array does.
    std::vector<double> multiply(std::span<const double> x) const;

private:
    ColumnGroups m_groups;
    DenseMatrix m_weights;
    SelectMatrix m_select;
    std::vector<int> m_groupOf;
    std::vector<int> m_groupOfArrayColumn;
    int m_originalCols = 0;
    int m_lanes = 1;
};

} // namespace colcomb
