#pragma once
// Positions to features: (C x B*H*W) -> (C*H*W x B), as before a classifier on feature maps.
#include "nn/Layer.h"

namespace colcomb {

class Flatten final : public Layer {
public:
    std::string type() const override { return "flatten"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", "flatten"}}; }

private:
    int m_channels = 0, m_height = 0, m_width = 0;
};

} // namespace colcomb
