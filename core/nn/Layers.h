#pragma once
// The layers of the paper's shift networks: 1x1 convolution (with stride; also a linear layer,
// on 1 x 1 positions), shift, batch norm, ReLU and ReLU6, global average pooling.
#include "nn/FilterLayer.h"

#include <cstdint>

namespace colcomb {

class Conv1x1 final : public FilterLayer {
public:
    Conv1x1(int in, int out, int stride, bool bias, std::uint64_t seed);
    std::string type() const override { return linear ? "linear" : "conv1x1"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override;
    std::unique_ptr<FilterLayer> clone() const override { return std::make_unique<Conv1x1>(*this); }

    int stride;
    bool linear = false;  // a linear layer (classifier): the same GEMM, named as the spec named it

private:
    Tensor m_input;  // after striding
    int m_inHeight = 0, m_inWidth = 0;
};

class Shift final : public Layer {
public:
    // Offsets per channel in {-1, 0, 1}^2, each axis -1/0/1 with probability 0.3/0.4/0.3.
    Shift(int channels, std::uint64_t seed);
    std::string type() const override { return "shift"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json state() const override;
    void setState(const nlohmann::json& s) override;
    nlohmann::json spec() const override { return {{"type", "shift"}}; }

    std::vector<int> dy, dx;

private:
    Tensor move(const Tensor& t, int sign) const;
};

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

    Matrix gamma, beta, gammaGrad, betaGrad;  // channels x 1
    Eigen::VectorXf runningMean, runningVar;
    float momentum = 0.1f;
    float eps = 1e-5f;

private:
    Matrix m_normalized;
    Eigen::VectorXf m_invStd;
    Tensor m_shape;
};

class Relu final : public Layer {
public:
    explicit Relu(float cap) : m_cap(cap) {}  // cap 0: plain ReLU; 6: ReLU6
    std::string type() const override { return m_cap > 0 ? "relu6" : "relu"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", type()}}; }

private:
    float m_cap;
    Matrix m_in;
};

class GlobalAvgPool final : public Layer {
public:
    std::string type() const override { return "global_avg_pool"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", "global_avg_pool"}}; }

private:
    int m_height = 0, m_width = 0;
};

// k x k convolution through im2col, for LeNet-5 / VGG-style baselines and first layers. Its
// weight is out x (in*k*k), the filter matrix exactly as the paper flattens [out, in, kh, kw].
class Conv2d final : public FilterLayer {
public:
    Conv2d(int in, int out, int kernel, int stride, int padding, bool bias, std::uint64_t seed);
    std::string type() const override { return "conv"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override;
    std::unique_ptr<FilterLayer> clone() const override { return std::make_unique<Conv2d>(*this); }

    int kernel, stride, padding;

private:
    int outSize(int size) const { return (size + 2 * padding - kernel) / stride + 1; }
    Matrix m_columns;  // (in*k*k) x positions out
    int m_inChannels = 0, m_inHeight = 0, m_inWidth = 0, m_batch = 0;
};

class MaxPool final : public Layer {
public:
    explicit MaxPool(int size) : m_size(size) {}
    std::string type() const override { return "maxpool"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", "maxpool"}, {"size", m_size}}; }

private:
    int m_size;
    std::vector<Eigen::Index> m_argmax;  // per output element: index into the input
    int m_inHeight = 0, m_inWidth = 0;
};

// Positions to features: (C x B*H*W) -> (C*H*W x B), as before a classifier on feature maps.
class Flatten final : public Layer {
public:
    std::string type() const override { return "flatten"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", "flatten"}}; }

private:
    int m_channels = 0, m_height = 0, m_width = 0;
};

// Mean softmax cross-entropy of logits (classes x batch) against labels; fills the gradient.
float softmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix& grad);

} // namespace colcomb
