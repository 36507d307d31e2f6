#include "nn/BatchNorm.h"

#include "nn/ChannelParallel.h"
#include "nn/FilterLayer.h"

#include <stdexcept>

namespace colcomb {

BatchNorm::BatchNorm(int channels)
    : gamma(Matrix::Ones(channels, 1)), beta(Matrix::Zero(channels, 1)), gammaGrad(Matrix::Zero(channels, 1)),
      betaGrad(Matrix::Zero(channels, 1)), runningMean(Eigen::VectorXf::Zero(channels)), runningVar(Eigen::VectorXf::Ones(channels))
{
}

// Channel by channel (nn/ChannelParallel.h). Each channel's block is the original whole-matrix
// expression restricted to that row, over the same memory, so its sums group alike and the values
// are the same bits whatever the thread count (a per-row rewrite with a broadcast scalar sums in
// another order).
Tensor BatchNorm::forward(const Tensor& in, bool training)
{
    if (in.channels() != gamma.rows())
        throw std::invalid_argument("batchnorm has " + std::to_string(gamma.rows()) + " channels, got " + std::to_string(in.channels()));
    const Eigen::Index channels = in.x.rows();
    const Eigen::Index positions = in.x.cols();
    const auto n = static_cast<float>(positions);
    Eigen::VectorXf mean(channels), var(channels);
    if (training) {
        forEachChannel(channels, positions, [&](Eigen::Index c) {
            const auto x = in.x.middleRows(c, 1);
            mean.segment(c, 1) = x.rowwise().mean();
            var.segment(c, 1) = (x.colwise() - mean.segment(c, 1)).array().square().rowwise().sum() / n;
        });
        runningMean = (1 - momentum) * runningMean + momentum * mean;
        runningVar = (1 - momentum) * runningVar + momentum * var * (n > 1 ? n / (n - 1) : 1.0f);
    } else {
        mean = runningMean;
        var = runningVar;
    }
    const Eigen::VectorXf invStd = (var.array() + eps).rsqrt();
    Matrix out(channels, positions);
    if (!training) {
        // One pass, nothing kept for a backward pass: the same operations in the same order as
        // below, so the same values.
        forEachChannel(channels, positions, [&](Eigen::Index c) {
            out.middleRows(c, 1) = (((in.x.middleRows(c, 1).colwise() - mean.segment(c, 1)).array().colwise() * invStd.segment(c, 1).array()).colwise()
                                    * gamma.middleRows(c, 1).col(0).array())
                                       .colwise()
                                   + beta.middleRows(c, 1).col(0).array();
        });
        return {std::move(out), in.batch, in.height, in.width};
    }
    m_invStd = invStd;
    m_normalized.resize(channels, positions);
    forEachChannel(channels, positions, [&](Eigen::Index c) {
        auto normalized = m_normalized.middleRows(c, 1);
        normalized = (in.x.middleRows(c, 1).colwise() - mean.segment(c, 1)).array().colwise() * m_invStd.segment(c, 1).array();
        out.middleRows(c, 1) = (normalized.array().colwise() * gamma.middleRows(c, 1).col(0).array()).colwise() + beta.middleRows(c, 1).col(0).array();
    });
    m_shape = {Matrix(), in.batch, in.height, in.width};
    return {std::move(out), in.batch, in.height, in.width};
}

Tensor BatchNorm::backward(const Tensor& gradOut)
{
    const Eigen::Index channels = gradOut.x.rows();
    const Eigen::Index positions = gradOut.x.cols();
    const auto n = static_cast<float>(positions);
    Matrix dxhat(channels, positions);  // whole, so that each row sits where it did
    Matrix g(channels, positions);
    forEachChannel(channels, positions, [&](Eigen::Index c) {
        const auto grad = gradOut.x.middleRows(c, 1);
        const auto normalized = m_normalized.middleRows(c, 1);
        gammaGrad.middleRows(c, 1).col(0) += (grad.array() * normalized.array()).rowwise().sum().matrix();
        betaGrad.middleRows(c, 1).col(0) += grad.rowwise().sum();
        auto d = dxhat.middleRows(c, 1);
        d = grad.array().colwise() * gamma.middleRows(c, 1).col(0).array();
        const Eigen::VectorXf sum = d.rowwise().sum();
        const Eigen::VectorXf dot = (d.array() * normalized.array()).rowwise().sum();
        g.middleRows(c, 1) =
            ((n * d.array()).colwise() - sum.array() - normalized.array().colwise() * dot.array()).colwise() * (m_invStd.segment(c, 1).array() / n);
    });
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
