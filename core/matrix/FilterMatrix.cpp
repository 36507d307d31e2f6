#include "matrix/FilterMatrix.h"

#include <cmath>
#include <functional>
#include <numeric>
#include <stdexcept>
#include <string>

namespace colcomb {

FilterMatrix::FilterMatrix(int rows, int cols) : m_w(DenseMatrix::Zero(rows, cols)) {}

FilterMatrix::FilterMatrix(DenseMatrix weights) : m_w(std::move(weights)) {}

FilterMatrix::FilterMatrix(int rows, int cols, std::span<const float> values)
{
    if (rows < 0 || cols < 0 || values.size() != static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols))
        throw std::invalid_argument("filter matrix " + std::to_string(rows) + " x " + std::to_string(cols)
                                    + " needs " + std::to_string(static_cast<long long>(rows) * cols)
                                    + " values, got " + std::to_string(values.size()));
    m_w = Eigen::Map<const DenseMatrix>(values.data(), rows, cols);
}

FilterMatrix FilterMatrix::fromTensor(std::span<const std::size_t> shape, std::span<const float> values)
{
    if (shape.empty() || shape.size() > 4)
        throw std::invalid_argument("a weight tensor needs 1 to 4 dimensions, got " + std::to_string(shape.size()));
    const std::size_t count = std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
    const std::size_t rows = shape.size() == 1 ? 1 : shape[0];
    const std::size_t cols = rows == 0 ? 0 : count / rows;
    constexpr std::size_t kMaxSide = 1u << 30;
    if (rows >= kMaxSide || cols >= kMaxSide)
        throw std::invalid_argument("weight tensor too large for a filter matrix");
    return FilterMatrix(static_cast<int>(rows), static_cast<int>(cols), values);
}

long long FilterMatrix::nnz() const { return static_cast<long long>((m_w.array() != 0.0f).count()); }

int FilterMatrix::columnNnz(int c) const { return static_cast<int>((m_w.col(c).array() != 0.0f).count()); }

int FilterMatrix::rowNnz(int r) const { return static_cast<int>((m_w.row(r).array() != 0.0f).count()); }

std::vector<int> FilterMatrix::emptyRows() const
{
    std::vector<int> out;
    for (int r = 0; r < rows(); ++r)
        if (rowNnz(r) == 0) out.push_back(r);
    return out;
}

std::vector<int> FilterMatrix::emptyColumns() const
{
    std::vector<int> out;
    for (int c = 0; c < cols(); ++c)
        if (columnNnz(c) == 0) out.push_back(c);
    return out;
}

std::vector<int> FilterMatrix::nonzeroColumns() const
{
    std::vector<int> out;
    for (int c = 0; c < cols(); ++c)
        if (columnNnz(c) > 0) out.push_back(c);
    return out;
}

int FilterMatrix::nonemptyRowCount() const { return rows() - static_cast<int>(emptyRows().size()); }

double absSum(const DenseMatrix& m)
{
    // Eight running sums: a single one serialises every add on the one before.
    const float* values = m.data();
    const Eigen::Index n = m.size();
    double lanes[8] = {};
    Eigen::Index i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; ++k) lanes[k] += std::fabs(static_cast<double>(values[i + k]));
    double total = 0.0;
    for (; i < n; ++i) total += std::fabs(static_cast<double>(values[i]));
    for (double lane : lanes) total += lane;
    return total;
}

double FilterMatrix::absSum() const { return colcomb::absSum(m_w); }

std::vector<double> FilterMatrix::multiply(std::span<const double> x) const
{
    if (x.size() != static_cast<std::size_t>(cols()))
        throw std::invalid_argument("input vector has " + std::to_string(x.size()) + " entries, the matrix "
                                    + std::to_string(cols()) + " columns");
    const Eigen::Map<const Eigen::VectorXd> xv(x.data(), cols());
    const Eigen::VectorXd y = m_w.cast<double>() * xv;
    return {y.data(), y.data() + y.size()};
}

bool FilterMatrix::operator==(const FilterMatrix& other) const
{
    return rows() == other.rows() && cols() == other.cols() && m_w == other.m_w;
}

} // namespace colcomb
