#include "nn/Conv1x1.h"

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
        Tensor out{weight * in.x, in.batch, in.height, in.width};
        if (bias.size()) out.x.colwise() += bias.col(0);
        return out;
    }
    if (stride == 1) m_input = in;
    else {
        const int h = (in.height + stride - 1) / stride;
        const int w = (in.width + stride - 1) / stride;
        m_input = Tensor::zeros(in.channels(), in.batch, h, w);
        for (int b = 0; b < in.batch; ++b)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    m_input.x.col((static_cast<Eigen::Index>(b) * h + y) * w + x) =
                        in.x.col((static_cast<Eigen::Index>(b) * in.height + y * stride) * in.width + x * stride);
    }
    Tensor out{weight * m_input.x, in.batch, m_input.height, m_input.width};
    if (bias.size()) out.x.colwise() += bias.col(0);
    return out;
}

Tensor Conv1x1::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_input.x.transpose();
    if (bias.size()) biasGrad += gradOut.x.rowwise().sum();
    Matrix g = weight.transpose() * gradOut.x;
    if (stride == 1) return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
    Tensor full = Tensor::zeros(static_cast<int>(weight.cols()), gradOut.batch, m_inHeight, m_inWidth);
    for (int b = 0; b < gradOut.batch; ++b)
        for (int y = 0; y < gradOut.height; ++y)
            for (int x = 0; x < gradOut.width; ++x)
                full.x.col((static_cast<Eigen::Index>(b) * m_inHeight + y * stride) * m_inWidth + x * stride) =
                    g.col((static_cast<Eigen::Index>(b) * gradOut.height + y) * gradOut.width + x);
    return full;
}

nlohmann::json Conv1x1::spec() const
{
    nlohmann::json s = baseSpec("conv1x1");
    s["stride"] = stride;
    return s;
}

} // namespace colcomb
