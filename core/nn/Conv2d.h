#pragma once
// k x k convolution through im2col, for LeNet-5 / VGG-style baselines and first layers. Its
// weight is out x (in*k*k), the filter matrix exactly as the paper flattens [out, in, kh, kw].
#include "nn/FilterLayer.h"
#include "nn/Im2col.h"

#include <cstdint>

namespace colcomb {

class Conv2d final : public FilterLayer {
public:
    Conv2d(int in, int out, int kernel, int stride, int padding, bool bias, std::uint64_t seed);
    std::string type() const override { return "conv"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override;
    std::unique_ptr<FilterLayer> clone() const override { return std::make_unique<Conv2d>(*this); }
    int kernelPositions() const override { return kernel * kernel; }

    int kernel, stride, padding;

private:
    ConvGeometry m_geometry;  // of the last forward pass
    Matrix m_columns;         // its im2col: (in*k*k) x positions out
};

} // namespace colcomb
