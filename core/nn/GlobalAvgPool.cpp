#include "nn/GlobalAvgPool.h"

#include <stdexcept>

namespace colcomb {

Tensor GlobalAvgPool::forward(const Tensor& in, bool)
{
    m_height = in.height;
    m_width = in.width;
    const int p = in.positions();
    Tensor out = Tensor::zeros(in.channels(), in.batch, 1, 1);
    for (int b = 0; b < in.batch; ++b) out.x.col(b) = in.x.middleCols(static_cast<Eigen::Index>(b) * p, p).rowwise().mean();
    return out;
}

Tensor GlobalAvgPool::backward(const Tensor& gradOut)
{
    const int p = m_height * m_width;
    Tensor g = Tensor::zeros(gradOut.channels(), gradOut.batch, m_height, m_width);
    for (int b = 0; b < gradOut.batch; ++b)
        g.x.middleCols(static_cast<Eigen::Index>(b) * p, p).colwise() = gradOut.x.col(b) / static_cast<float>(p);
    return g;
}

} // namespace colcomb
