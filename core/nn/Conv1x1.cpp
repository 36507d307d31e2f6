#include "nn/Conv1x1.h"

#include "nn/ChannelParallel.h"

#include <stdexcept>

namespace colcomb {

Conv1x1::Conv1x1(int in, int out, int stride_, bool withBias, std::uint64_t seed)
    : FilterLayer(out, checkedFanIn(in, out, 1, stride_, 0, "conv1x1"), withBias, seed), stride(stride_)
{
}

Tensor Conv1x1::forward(const Tensor& in, bool training)
{
    if (in.channels() != weight.cols())
        throw std::invalid_argument("conv1x1 expects " + std::to_string(weight.cols()) + " channels, got " + std::to_string(in.channels()));
    m_inHeight = in.height;
    m_inWidth = in.width;
    // Inference keeps no copy of its input: only backward needs it, and copying every activation
    // made evaluation memory-bound.
    if (stride == 1 && !training) {
        Tensor out{channelProduct(weight, in.x), in.batch, in.height, in.width};
        if (bias.size()) addBias(out.x, bias);
        return out;
    }
    if (stride == 1) {
        m_input = {Matrix(in.x.rows(), in.x.cols()), in.batch, in.height, in.width};
        forEachChannel(in.x.rows(), in.x.cols(), [&](Eigen::Index c) { m_input.x.row(c) = in.x.row(c); });
    } else {
        const int h = (in.height + stride - 1) / stride;
        const int w = (in.width + stride - 1) / stride;
        m_input = {Matrix(in.x.rows(), static_cast<Eigen::Index>(in.batch) * h * w), in.batch, h, w};
        // A channel (a contiguous row) at a time: copying whole columns of the row-major
        // activations stepped across rows one scalar at a time, on one thread.
        forEachChannel(in.x.rows(), m_input.x.cols(), [&](Eigen::Index c) {
            const float* src = in.x.row(c).data();
            float* dst = m_input.x.row(c).data();
            for (int b = 0; b < in.batch; ++b)
                for (int y = 0; y < h; ++y)
                    for (int x = 0; x < w; ++x)
                        dst[(static_cast<std::size_t>(b) * h + y) * w + x] = src[(static_cast<std::size_t>(b) * in.height + y * stride) * in.width + x * stride];
        });
    }
    Tensor out{channelProduct(weight, m_input.x), in.batch, m_input.height, m_input.width};
    if (bias.size()) addBias(out.x, bias);
    return out;
}

Tensor Conv1x1::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_input.x.transpose();
    if (bias.size()) biasGrad += gradOut.x.rowwise().sum();
    Matrix g = channelProduct(weight.transpose(), gradOut.x);
    if (stride == 1) return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
    Tensor full{Matrix(weight.cols(), static_cast<Eigen::Index>(gradOut.batch) * m_inHeight * m_inWidth), gradOut.batch, m_inHeight, m_inWidth};
    forEachChannel(full.x.rows(), full.x.cols(), [&](Eigen::Index c) {
        full.x.row(c).setZero();  // positions the stride skipped get no gradient
        const float* src = g.row(c).data();
        float* dst = full.x.row(c).data();
        for (int b = 0; b < gradOut.batch; ++b)
            for (int y = 0; y < gradOut.height; ++y)
                for (int x = 0; x < gradOut.width; ++x)
                    dst[(static_cast<std::size_t>(b) * m_inHeight + y * stride) * m_inWidth + x * stride] = src[(static_cast<std::size_t>(b) * gradOut.height + y) * gradOut.width + x];
    });
    return full;
}

nlohmann::json Conv1x1::spec() const
{
    nlohmann::json s = baseSpec("conv1x1");
    s["stride"] = stride;
    return s;
}

} // namespace colcomb
