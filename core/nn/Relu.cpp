#include "nn/Relu.h"

#include "nn/ChannelParallel.h"
#include "quantization/PowerOfTwo.h"

#include <limits>

namespace colcomb {

Tensor Relu::forward(const Tensor& in, bool training)
{
    Matrix y(in.x.rows(), in.x.cols());
    if (training) m_in.resize(in.x.rows(), in.x.cols());  // for backward only
    forEachChannel(in.x.rows(), in.x.cols(), [&](Eigen::Index c) {
        if (training) m_in.row(c) = in.x.row(c);
        if (m_cap > 0) y.row(c) = in.x.row(c).cwiseMax(0.0f).cwiseMin(m_cap);
        else y.row(c) = in.x.row(c).cwiseMax(0.0f);
    });
    return {std::move(y), in.batch, in.height, in.width};
}

Tensor Relu::backward(const Tensor& gradOut)
{
    const float cap = m_cap > 0 ? m_cap : std::numeric_limits<float>::infinity();
    // A plain loop: Eigen evaluates the boolean mask of `(in > 0 && in < cap).cast<float>()` one
    // scalar at a time with a branch per element (40% of a training step), while the compiler
    // vectorizes this. The same product, so the same values (a zeroed negative gradient stays -0).
    Matrix g(gradOut.x.rows(), gradOut.x.cols());
    const Eigen::Index n = g.cols();
    forEachChannel(g.rows(), n, [&](Eigen::Index c) {
        const float* __restrict in = m_in.row(c).data();
        const float* __restrict grad = gradOut.x.row(c).data();
        float* __restrict out = g.row(c).data();
        // `&`, not `&&`: no branch on the sign of each input (a random pattern costs mispredictions).
        for (Eigen::Index i = 0; i < n; ++i) out[i] = grad[i] * static_cast<float>((in[i] > 0.0f) & (in[i] < cap));
    });
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
