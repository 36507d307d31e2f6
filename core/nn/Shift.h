#pragma once
// Shift (Wu et al., 2018): each channel moved by a fixed offset in {-1, 0, 1}^2, the spatial context
// of the shift networks at no multiply cost.
#include "nn/Layer.h"

#include <cstdint>

namespace colcomb {

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

} // namespace colcomb
