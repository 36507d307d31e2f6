#include "nn/BatchNorm.h"

#include "nn/FilterLayer.h"

#include <stdexcept>

namespace colcomb {

BatchNorm::BatchNorm(int channels)
    : gamma(Matrix::Ones(channels, 1)), beta(Matrix::Zero(channels, 1)), gammaGrad(Matrix::Zero(channels, 1)),
      betaGrad(Matrix::Zero(channels, 1)), runningMean(Eigen::VectorXf::Zero(channels)), runningVar(Eigen::VectorXf::Ones(channels))
{
}

Tensor BatchNorm::forward(const Tensor& in, bool training)
{
    if (in.channels() != gamma.rows())
        throw std::invalid_argument("batchnorm has " + std::to_string(gamma.rows()) + " channels, got " + std::to_string(in.channels()));
    const auto n = static_cast<float>(in.x.cols());
    Eigen::VectorXf mean, var;
    if (training) {
        mean = in.x.rowwise().mean();
        var = (in.x.colwise() - mean).array().square().rowwise().sum() / n;
        runningMean = (1 - momentum) * runningMean + momentum * mean;
        runningVar = (1 - momentum) * runningVar + momentum * var * (n > 1 ? n / (n - 1) : 1.0f);
    } else {
        mean = runningMean;
        var = runningVar;
    }
    const Eigen::VectorXf invStd = (var.array() + eps).rsqrt();
    if (!training) {
        // One pass, nothing kept for a backward pass: the same operations in the same order as
        // below, so the same values.
        return {(((in.x.colwise() - mean).array().colwise() * invStd.array()).colwise() * gamma.col(0).array()).colwise() + beta.col(0).array(),
                in.batch, in.height, in.width};
    }
    m_invStd = invStd;
    m_normalized = (in.x.colwise() - mean).array().colwise() * m_invStd.array();
    m_shape = {Matrix(), in.batch, in.height, in.width};
    Tensor out{(m_normalized.array().colwise() * gamma.col(0).array()).colwise() + beta.col(0).array(), in.batch, in.height, in.width};
    return out;
}

Tensor BatchNorm::backward(const Tensor& gradOut)
{
    const auto n = static_cast<float>(gradOut.x.cols());
    gammaGrad.col(0) += (gradOut.x.array() * m_normalized.array()).rowwise().sum().matrix();
    betaGrad.col(0) += gradOut.x.rowwise().sum();
    const Matrix dxhat = gradOut.x.array().colwise() * gamma.col(0).array();
    const Eigen::VectorXf sum = dxhat.rowwise().sum();
    const Eigen::VectorXf dot = (dxhat.array() * m_normalized.array()).rowwise().sum();
    Matrix g = ((n * dxhat.array()).colwise() - sum.array() - m_normalized.array().colwise() * dot.array()).colwise() * (m_invStd.array() / n);
    return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
}

std::vector<Parameter> BatchNorm::parameters() { return {{"gamma", &gamma, &gammaGrad, nullptr}, {"beta", &beta, &betaGrad, nullptr}}; }

nlohmann::json BatchNorm::state() const
{
    return {{"running_mean", std::vector<float>(runningMean.data(), runningMean.data() + runningMean.size())},
            {"running_var", std::vector<float>(runningVar.data(), runningVar.data() + runningVar.size())}};
}

void BatchNorm::setState(const nlohmann::json& s)
{
    const auto mean = s.at("running_mean").get<std::vector<float>>();
    const auto var = s.at("running_var").get<std::vector<float>>();
    if (mean.size() != static_cast<std::size_t>(runningMean.size()) || var.size() != mean.size())
        throw std::invalid_argument("batchnorm state has the wrong channel count");
    runningMean = Eigen::Map<const Eigen::VectorXf>(mean.data(), static_cast<Eigen::Index>(mean.size()));
    runningVar = Eigen::Map<const Eigen::VectorXf>(var.data(), static_cast<Eigen::Index>(var.size()));
}

bool BatchNorm::foldInto(FilterLayer& c) const
{
    // y = gamma (W x + b - mean) / sqrt(var + eps) + beta, as one filter layer.
    c.ensureBias();
    const Eigen::ArrayXf scale = gamma.col(0).array() * (runningVar.array() + eps).rsqrt();
    c.weight = c.weight.array().colwise() * scale;
    c.bias.col(0) = beta.col(0).array() + scale * (c.bias.col(0).array() - runningMean.array());
    return true;
}

} // namespace colcomb
