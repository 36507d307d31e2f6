#pragma once
// The filter matrix of one layer: rows = filters (output channels), columns = input channels
// times kernel positions. Everything in column combining is a question about this matrix.
#include <Eigen/Core>

#include <cstddef>
#include <span>
#include <vector>

namespace colcomb {

using DenseMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Sum of |w| in double (exact conversions, eight vectorised lanes): one summation for every matrix,
// so that ratios of such sums (weight kept by pruning) compare like with like.
double absSum(const DenseMatrix& m);

class FilterMatrix {
public:
    FilterMatrix() = default;
    FilterMatrix(int rows, int cols);  // all zeros
    explicit FilterMatrix(DenseMatrix weights);
    // Row-major values; throws std::invalid_argument if the count does not match.
    FilterMatrix(int rows, int cols, std::span<const float> rowMajorValues);

    // A conv weight [out, in, kh, kw] (or any 1-4 dims, C order) flattened exactly as the paper
    // does: out x (in*kh*kw). A 1-D array is one filter.
    static FilterMatrix fromTensor(std::span<const std::size_t> shape, std::span<const float> cOrderValues);

    int rows() const { return static_cast<int>(m_w.rows()); }
    int cols() const { return static_cast<int>(m_w.cols()); }
    bool isEmpty() const { return m_w.size() == 0; }
    float operator()(int r, int c) const { return m_w(r, c); }
    float& operator()(int r, int c) { return m_w(r, c); }
    const DenseMatrix& weights() const { return m_w; }

    long long nnz() const;
    int columnNnz(int c) const;
    int rowNnz(int r) const;
    // All-zero rows and columns are reported rather than silently dropped: they still occupy
    // cells when the matrix is placed unpacked.
    std::vector<int> emptyRows() const;
    std::vector<int> emptyColumns() const;
    std::vector<int> nonzeroColumns() const;
    int nonemptyRowCount() const;
    double absSum() const;

    // y = F x, accumulated in double so that comparisons between packings are not dominated by
    // float rounding.
    std::vector<double> multiply(std::span<const double> x) const;

    bool operator==(const FilterMatrix& other) const;

private:
    DenseMatrix m_w;
};

} // namespace colcomb
