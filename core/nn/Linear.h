#pragma once
// A linear (fully connected) layer: the classifier, and LeNet-5's hidden layers. Its weight is the
// out x in filter matrix; it always has a bias. Input features are the channels of a 1 x 1 map
// (after global average pooling or flatten), one column per image.
#include "nn/FilterLayer.h"

#include <cstdint>

namespace colcomb {

class Linear final : public FilterLayer {
public:
    Linear(int in, int out, std::uint64_t seed);
    std::string type() const override { return "linear"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override;
    std::unique_ptr<FilterLayer> clone() const override { return std::make_unique<Linear>(*this); }

private:
    Matrix m_input;
};

} // namespace colcomb
