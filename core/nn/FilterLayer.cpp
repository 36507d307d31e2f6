#include "nn/FilterLayer.h"

#include "matrix/RandomMatrix.h"

#include <cmath>
#include <stdexcept>

namespace colcomb {

FilterLayer::FilterLayer(int out, int fanIn, bool withBias, std::uint64_t seed)
    : weight(out, fanIn), weightGrad(Matrix::Zero(out, fanIn)), mask(Matrix::Ones(out, fanIn))
{
    SplitMix64 rng(seed);
    const double scale = std::sqrt(2.0 / fanIn);
    for (Eigen::Index i = 0; i < weight.size(); ++i) weight.data()[i] = static_cast<float>(rng.normal() * scale);
    if (withBias) ensureBias();
}

void FilterLayer::ensureBias()
{
    if (bias.size()) return;
    bias = Matrix::Zero(weight.rows(), 1);
    biasGrad = Matrix::Zero(weight.rows(), 1);
}

std::vector<Parameter> FilterLayer::parameters()
{
    std::vector<Parameter> p{{"weight", &weight, &weightGrad, &mask}};
    if (bias.size()) p.push_back({"bias", &bias, &biasGrad, nullptr});
    return p;
}

int FilterLayer::checkedFanIn(int in, int out, int kernel, int stride, int padding, const char* type)
{
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0)
        throw std::invalid_argument(std::string(type) + " needs in, out, kernel, stride >= 1 and padding >= 0");
    return in * kernel * kernel;
}

nlohmann::json FilterLayer::baseSpec(const char* type) const
{
    nlohmann::json s = {{"type", type}, {"out", weight.rows()}, {"bias", bias.size() > 0}};
    if (alpha > 1) s["alpha"] = alpha;
    return s;
}

} // namespace colcomb
