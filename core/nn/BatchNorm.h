#pragma once
// Batch normalization over channels, with running statistics for inference; folded into the
// filter layer before it for the array (foldInto).
#include "nn/Layer.h"

namespace colcomb {

class BatchNorm final : public Layer {
public:
    explicit BatchNorm(int channels);
    std::string type() const override { return "batchnorm"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    std::vector<Parameter> parameters() override;
    nlohmann::json state() const override;
    void setState(const nlohmann::json& s) override;
    nlohmann::json spec() const override { return {{"type", "batchnorm"}}; }
    bool foldInto(FilterLayer& into) const override;
    bool needsFolding() const override { return true; }

    Matrix gamma, beta, gammaGrad, betaGrad;  // channels x 1
    Eigen::VectorXf runningMean, runningVar;
    float momentum = 0.1f;
    float eps = 1e-5f;

private:
    Matrix m_normalized;
    Eigen::VectorXf m_invStd;
    Tensor m_shape;
};

} // namespace colcomb
