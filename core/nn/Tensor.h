#pragma once
// Activations of a batch: one row per channel, one column per position (image b, row y, col x
// at column (b*H + y)*W + x). A 1x1 convolution is then one GEMM, W (out x in) times this, and
// per-channel work (shift, batch norm) runs along contiguous rows.
#include <Eigen/Core>

namespace colcomb {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Tensor {
    Matrix x;  // channels x (batch*height*width)
    int batch = 0;
    int height = 1;
    int width = 1;

    int channels() const { return static_cast<int>(x.rows()); }
    int positions() const { return height * width; }
    static Tensor zeros(int channels, int batch, int height, int width)
    {
        return {Matrix::Zero(channels, static_cast<Eigen::Index>(batch) * height * width), batch, height, width};
    }
};

} // namespace colcomb
