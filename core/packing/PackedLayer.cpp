#include "packing/PackedLayer.h"

#include "matrix/SparsityPattern.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace colcomb {

PackedLayer::PackedLayer(const FilterMatrix& pruned, ColumnGroups groups)
    : m_groups(std::move(groups)), m_weights(DenseMatrix::Zero(pruned.rows(), static_cast<Eigen::Index>(m_groups.size()))),
      m_select(SelectMatrix::Constant(pruned.rows(), static_cast<Eigen::Index>(m_groups.size()), -1)), m_groupOf(colcomb::groupOfColumn(m_groups, pruned.cols())),
      m_originalCols(pruned.cols())
{
    if (const std::string problem = columnGroupsProblem(m_groups, pruned.cols()); !problem.empty()) throw std::invalid_argument(problem);
    // Column by column through the weights' bit pattern: only the nonzeros are visited.
    const SparsityPattern pattern(pruned);
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        for (int c : m_groups[g]) {
            const auto bits = pattern.column(c);
            for (std::size_t w = 0; w < bits.size(); ++w)
                for (Word word = bits[w]; word != 0; word &= word - 1) {
                    const int r = static_cast<int>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
                    const auto gi = static_cast<Eigen::Index>(g);
                    if (m_select(r, gi) >= 0)
                        throw std::invalid_argument("row " + std::to_string(r) + " of group " + std::to_string(g)
                                                    + " holds more than one weight (columns " + std::to_string(std::min(m_select(r, gi), c)) + " and "
                                                    + std::to_string(std::max(m_select(r, gi), c)) + "): prune the conflicts first");
                    m_select(r, gi) = c;
                    m_weights(r, gi) = pruned(r, c);
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
