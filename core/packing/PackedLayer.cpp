#include "packing/PackedLayer.h"

#include <stdexcept>
#include <string>

namespace colcomb {

PackedLayer::PackedLayer(const FilterMatrix& pruned, ColumnGroups groups)
    : m_groups(std::move(groups)), m_weights(DenseMatrix::Zero(pruned.rows(), static_cast<Eigen::Index>(m_groups.size()))),
      m_select(SelectMatrix::Constant(pruned.rows(), static_cast<Eigen::Index>(m_groups.size()), -1)), m_groupOf(colcomb::groupOfColumn(m_groups, pruned.cols())),
      m_originalCols(pruned.cols())
{
    std::vector<bool> seen(static_cast<std::size_t>(pruned.cols()), false);
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        for (int c : m_groups[g]) {
            if (c < 0 || c >= pruned.cols())
                throw std::invalid_argument("group " + std::to_string(g) + " names column " + std::to_string(c) + ", the matrix has "
                                            + std::to_string(pruned.cols()));
            if (seen[static_cast<std::size_t>(c)])
                throw std::invalid_argument("column " + std::to_string(c) + " appears in more than one group");
            seen[static_cast<std::size_t>(c)] = true;
        }
    }
    for (int r = 0; r < pruned.rows(); ++r) {
        for (Eigen::Index g = 0; g < m_select.cols(); ++g) {
            for (int c : m_groups[static_cast<std::size_t>(g)]) {
                if (pruned(r, c) == 0.0f) continue;
                if (m_select(r, g) >= 0)
                    throw std::invalid_argument("row " + std::to_string(r) + " of group " + std::to_string(g)
                                                + " holds more than one weight (columns " + std::to_string(m_select(r, g)) + " and "
                                                + std::to_string(c) + "): prune the conflicts first");
                m_select(r, g) = c;
                m_weights(r, g) = pruned(r, c);
            }
        }
    }
}

long long PackedLayer::nnz() const { return static_cast<long long>((m_select.array() >= 0).count()); }

FilterMatrix PackedLayer::expand() const
{
    FilterMatrix full(rows(), m_originalCols);
    for (int r = 0; r < rows(); ++r)
        for (int g = 0; g < groupCount(); ++g)
            if (const int c = m_select(r, g); c >= 0) full(r, c) = m_weights(r, g);
    return full;
}

std::vector<double> PackedLayer::multiply(std::span<const double> x) const
{
    if (x.size() != static_cast<std::size_t>(m_originalCols))
        throw std::invalid_argument("input vector has " + std::to_string(x.size()) + " entries, the layer "
                                    + std::to_string(m_originalCols) + " input columns");
    std::vector<double> y(static_cast<std::size_t>(rows()), 0.0);
    for (int r = 0; r < rows(); ++r)
        for (int g = 0; g < groupCount(); ++g)
            if (const int c = m_select(r, g); c >= 0) y[static_cast<std::size_t>(r)] += static_cast<double>(m_weights(r, g)) * x[static_cast<std::size_t>(c)];
    return y;
}

} // namespace colcomb
