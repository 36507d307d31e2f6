#pragma once
// im2col: a k x k convolution as one GEMM. The columns matrix has a row per (channel, ky, kx) tap
// (the filter matrix's column order, as the paper flattens [out, in, kh, kw]) and a column per
// output position; tap (c, ky, kx) of output (b, y, x) reads input (c, b, y*stride + ky - padding,
// x*stride + kx - padding), zero outside the image. col2im sends a columns matrix back the same way,
// adding into the input positions (the gradient). Both walk the taps through one function.
#include "nn/Tensor.h"

namespace colcomb {

struct ConvGeometry {
    int channels = 0, batch = 0, height = 0, width = 0;
    int kernel = 1, stride = 1, padding = 0;

    int outHeight() const { return (height + 2 * padding - kernel) / stride + 1; }
    int outWidth() const { return (width + 2 * padding - kernel) / stride + 1; }
    Eigen::Index taps() const { return static_cast<Eigen::Index>(channels) * kernel * kernel; }
    Eigen::Index outPositions() const { return static_cast<Eigen::Index>(batch) * outHeight() * outWidth(); }
};

Matrix im2col(const Tensor& in, const ConvGeometry& g);
Tensor col2im(const Matrix& columns, const ConvGeometry& g);

} // namespace colcomb
