#include "packing/PackedLayer.h"

#include "matrix/SparsityPattern.h"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

namespace colcomb {

namespace {
std::vector<int> arrayColumnsOf(const ColumnGroups& groups, int lanes)
{
    std::vector<int> of;
    for (std::size_t g = 0; g < groups.size(); ++g) of.insert(of.end(), std::min<std::size_t>(static_cast<std::size_t>(lanes), groups[g].size()), static_cast<int>(g));
    return of;
}
} // namespace

PackedLayer::PackedLayer(const FilterMatrix& pruned, ColumnGroups groups, int lanes)
    : m_groups(std::move(groups)), m_groupOf(colcomb::groupOfColumn(m_groups, pruned.cols())),
      m_groupOfArrayColumn(arrayColumnsOf(m_groups, std::max(lanes, 1))), m_originalCols(pruned.cols()), m_lanes(lanes)
{
    if (lanes < 1) throw std::invalid_argument("a group needs at least one lane (got " + std::to_string(lanes) + ")");
    if (const std::string problem = columnGroupsProblem(m_groups, pruned.cols()); !problem.empty()) throw std::invalid_argument(problem);
    const auto columns = static_cast<Eigen::Index>(m_groupOfArrayColumn.size());
    m_weights = DenseMatrix::Zero(pruned.rows(), columns);
    m_select = SelectMatrix::Constant(pruned.rows(), columns, -1);
    // Column by column through the weights' bit pattern: only the nonzeros are visited. A row's
    // weight takes the group's first free lane.
    const SparsityPattern pattern(pruned);
    Eigen::Index first = 0;
    for (std::size_t g = 0; g < m_groups.size(); ++g) {
        const auto width = static_cast<Eigen::Index>(std::min<std::size_t>(static_cast<std::size_t>(lanes), m_groups[g].size()));
        for (int c : m_groups[g]) {
            const auto bits = pattern.column(c);
            for (std::size_t w = 0; w < bits.size(); ++w)
                for (Word word = bits[w]; word != 0; word &= word - 1) {
                    const int r = static_cast<int>(w * 64 + static_cast<std::size_t>(std::countr_zero(word)));
                    Eigen::Index lane = 0;
                    while (lane < width && m_select(r, first + lane) >= 0) ++lane;
                    if (lane == width) {
                        const int other = m_select(r, first + width - 1);
                        throw std::invalid_argument("row " + std::to_string(r) + " of group " + std::to_string(g) + " holds more than "
                                                    + (width == 1 ? std::string("one weight") : std::to_string(width) + " weights") + " (columns "
                                                    + std::to_string(std::min(other, c)) + " and " + std::to_string(std::max(other, c))
                                                    + "): prune the conflicts first");
                    }
                    m_select(r, first + lane) = c;
                    m_weights(r, first + lane) = pruned(r, c);
                }
        }
        first += width;
    }
}

long long PackedLayer::nnz() const { return static_cast<long long>((m_select.array() >= 0).count()); }

FilterMatrix PackedLayer::expand() const
{
    FilterMatrix full(rows(), m_originalCols);
    for (int r = 0; r < rows(); ++r)
        for (int j = 0; j < columns(); ++j)
            if (const int c = m_select(r, j); c >= 0) full(r, c) = m_weights(r, j);
    return full;
}

std::vector<double> PackedLayer::multiply(std::span<const double> x) const
{
    if (x.size() != static_cast<std::size_t>(m_originalCols))
        throw std::invalid_argument("input vector has " + std::to_string(x.size()) + " entries, the layer "
                                    + std::to_string(m_originalCols) + " input columns");
    std::vector<double> y(static_cast<std::size_t>(rows()), 0.0);
    for (int r = 0; r < rows(); ++r)
        for (int j = 0; j < columns(); ++j)
            if (const int c = m_select(r, j); c >= 0) y[static_cast<std::size_t>(r)] += static_cast<double>(m_weights(r, j)) * x[static_cast<std::size_t>(c)];
    return y;
}

} // namespace colcomb
