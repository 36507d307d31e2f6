#include "nn/Relu.h"

#include "quantization/PowerOfTwo.h"

#include <limits>

namespace colcomb {

Tensor Relu::forward(const Tensor& in, bool training)
{
    if (training) m_in = in.x;  // for backward only
    Matrix y = m_cap > 0 ? Matrix(in.x.cwiseMax(0.0f).cwiseMin(m_cap)) : Matrix(in.x.cwiseMax(0.0f));
    return {std::move(y), in.batch, in.height, in.width};
}

Tensor Relu::backward(const Tensor& gradOut)
{
    const float cap = m_cap > 0 ? m_cap : std::numeric_limits<float>::infinity();
    Matrix g = gradOut.x.array() * (m_in.array() > 0.0f && m_in.array() < cap).cast<float>();
    return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
}

void Relu::quantizeOutput(Matrix& a, int bits) const
{
    // ReLU6 outputs lie in [0, 6]: steps of 6 / 2^bits, as the released code quantizes them. A
    // plain ReLU is unbounded and stays as it is, as there.
    if (m_cap != 6.0f) return;
    roundToRelu6Steps({a.data(), static_cast<std::size_t>(a.size())}, bits);
}

} // namespace colcomb
