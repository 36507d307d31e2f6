#include "nn/Linear.h"

#include <stdexcept>

namespace colcomb {

Linear::Linear(int in, int out, std::uint64_t seed) : FilterLayer(out, checkedFanIn(in, out, 1, 1, 0, "linear"), true, seed) {}

Tensor Linear::forward(const Tensor& in, bool training)
{
    if (in.channels() != weight.cols() || in.positions() != 1)
        throw std::invalid_argument("linear expects " + std::to_string(weight.cols()) + " features per image, got " + std::to_string(in.channels()) + " x " +
                                    std::to_string(in.positions()));
    if (training) m_input = in.x;  // for backward only
    Tensor out{weight * in.x, in.batch, 1, 1};
    out.x.colwise() += bias.col(0);
    return out;
}

Tensor Linear::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_input.transpose();
    biasGrad += gradOut.x.rowwise().sum();
    return {weight.transpose() * gradOut.x, gradOut.batch, 1, 1};
}

nlohmann::json Linear::spec() const
{
    nlohmann::json s = baseSpec("linear");
    s.erase("bias");  // always biased
    return s;
}

} // namespace colcomb
