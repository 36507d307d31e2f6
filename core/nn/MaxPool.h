#pragma once
// Max pooling over non-overlapping size x size windows.
#include "nn/Layer.h"

#include <vector>

namespace colcomb {

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

} // namespace colcomb
