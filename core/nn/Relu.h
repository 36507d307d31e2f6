#pragma once
// ReLU, or ReLU6 (capped at 6): the activation of the shift networks, whose output the array
// receives quantized (quantizeOutput).
#include "nn/Layer.h"

namespace colcomb {

class Relu final : public Layer {
public:
    explicit Relu(float cap) : m_cap(cap) {}  // cap 0: plain ReLU; 6: ReLU6
    std::string type() const override { return m_cap > 0 ? "relu6" : "relu"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", type()}}; }
    void quantizeOutput(Matrix& out, int bits) const override;

private:
    float m_cap;
    Matrix m_in;
};

} // namespace colcomb
