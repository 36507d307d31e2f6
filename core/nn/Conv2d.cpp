#include "nn/Conv2d.h"

#include <stdexcept>

namespace colcomb {

Conv2d::Conv2d(int in, int out, int kernel_, int stride_, int padding_, bool withBias, std::uint64_t seed)
    : FilterLayer(out, checkedFanIn(in, out, kernel_, stride_, padding_, "conv"), withBias, seed), kernel(kernel_), stride(stride_), padding(padding_)
{
}

Tensor Conv2d::forward(const Tensor& in, bool)
{
    if (in.channels() * kernel * kernel != weight.cols()) throw std::invalid_argument("conv expects " + std::to_string(weight.cols() / (kernel * kernel)) + " channels");
    m_geometry = {in.channels(), in.batch, in.height, in.width, kernel, stride, padding};
    if (m_geometry.outHeight() < 1 || m_geometry.outWidth() < 1) throw std::invalid_argument("conv kernel larger than its (padded) input");
    m_columns = im2col(in, m_geometry);
    Tensor out{weight * m_columns, in.batch, m_geometry.outHeight(), m_geometry.outWidth()};
    if (bias.size()) out.x.colwise() += bias.col(0);
    return out;
}

Tensor Conv2d::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_columns.transpose();
    if (bias.size()) biasGrad += gradOut.x.rowwise().sum();
    return col2im(weight.transpose() * gradOut.x, m_geometry);
}

nlohmann::json Conv2d::spec() const
{
    nlohmann::json s = baseSpec("conv");
    s["kernel"] = kernel;
    s["stride"] = stride;
    s["padding"] = padding;
    return s;
}

} // namespace colcomb
