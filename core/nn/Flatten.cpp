#include "nn/Flatten.h"

#include <stdexcept>

namespace colcomb {

Tensor Flatten::forward(const Tensor& in, bool)
{
    m_channels = in.channels();
    m_height = in.height;
    m_width = in.width;
    const int p = in.positions();
    Tensor out = Tensor::zeros(in.channels() * p, in.batch, 1, 1);
    for (int c = 0; c < in.channels(); ++c)
        for (int b = 0; b < in.batch; ++b)
            for (int k = 0; k < p; ++k) out.x(c * p + k, b) = in.x(c, static_cast<Eigen::Index>(b) * p + k);
    return out;
}

Tensor Flatten::backward(const Tensor& gradOut)
{
    const int p = m_height * m_width;
    Tensor g = Tensor::zeros(m_channels, gradOut.batch, m_height, m_width);
    for (int c = 0; c < m_channels; ++c)
        for (int b = 0; b < gradOut.batch; ++b)
            for (int k = 0; k < p; ++k) g.x(c, static_cast<Eigen::Index>(b) * p + k) = gradOut.x(c * p + k, b);
    return g;
}

} // namespace colcomb
