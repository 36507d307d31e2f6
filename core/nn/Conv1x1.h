#pragma once
// A 1x1 convolution (with stride): the paper's pointwise layer, a GEMM of the filter matrix with
// the channels x positions data matrix.
#include "nn/FilterLayer.h"

#include <cstdint>

namespace colcomb {

class Conv1x1 final : public FilterLayer {
public:
    Conv1x1(int in, int out, int stride, bool bias, std::uint64_t seed);
    std::string type() const override { return "conv1x1"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override;
    std::unique_ptr<FilterLayer> clone() const override { return std::make_unique<Conv1x1>(*this); }

    int stride;

private:
    Tensor m_input;  // after striding
    int m_inHeight = 0, m_inWidth = 0;
};

} // namespace colcomb
