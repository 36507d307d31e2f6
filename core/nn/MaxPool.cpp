#include "nn/MaxPool.h"

#include <stdexcept>

namespace colcomb {

Tensor MaxPool::forward(const Tensor& in, bool)
{
    m_inHeight = in.height;
    m_inWidth = in.width;
    const int oh = in.height / m_size;
    const int ow = in.width / m_size;
    if (oh < 1 || ow < 1) throw std::invalid_argument("maxpool window larger than its input");
    Tensor out = Tensor::zeros(in.channels(), in.batch, oh, ow);
    m_argmax.assign(static_cast<std::size_t>(out.x.size()), 0);
    for (int c = 0; c < in.channels(); ++c)
        for (int b = 0; b < in.batch; ++b)
            for (int y = 0; y < oh; ++y)
                for (int x = 0; x < ow; ++x) {
                    Eigen::Index best = (static_cast<Eigen::Index>(b) * in.height + y * m_size) * in.width + x * m_size;
                    for (int dy = 0; dy < m_size; ++dy)
                        for (int dx = 0; dx < m_size; ++dx) {
                            const Eigen::Index k = (static_cast<Eigen::Index>(b) * in.height + y * m_size + dy) * in.width + x * m_size + dx;
                            if (in.x(c, k) > in.x(c, best)) best = k;
                        }
                    const Eigen::Index o = (static_cast<Eigen::Index>(b) * oh + y) * ow + x;
                    out.x(c, o) = in.x(c, best);
                    m_argmax[static_cast<std::size_t>(c * out.x.cols() + o)] = best;
                }
    return out;
}

Tensor MaxPool::backward(const Tensor& gradOut)
{
    Tensor g = Tensor::zeros(gradOut.channels(), gradOut.batch, m_inHeight, m_inWidth);
    for (int c = 0; c < gradOut.channels(); ++c)
        for (Eigen::Index o = 0; o < gradOut.x.cols(); ++o) g.x(c, m_argmax[static_cast<std::size_t>(c * gradOut.x.cols() + o)]) += gradOut.x(c, o);
    return g;
}

} // namespace colcomb
