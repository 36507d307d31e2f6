#pragma once
// Global average pooling: one value per channel and image, before the classifier.
#include "nn/Layer.h"

namespace colcomb {

class GlobalAvgPool final : public Layer {
public:
    std::string type() const override { return "global_avg_pool"; }
    Tensor forward(const Tensor& in, bool training) override;
    Tensor backward(const Tensor& gradOut) override;
    nlohmann::json spec() const override { return {{"type", "global_avg_pool"}}; }

private:
    int m_height = 0, m_width = 0;
};

} // namespace colcomb
