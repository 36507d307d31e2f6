#include "quantization/PowerOfTwo.h"

#include <algorithm>
#include <cmath>

namespace colcomb {

double PowerOfTwoScale::step() const { return std::ldexp(1.0, -shift); }

PowerOfTwoScale powerOfTwoScale(double maxAbs, int bits)
{
    if (!(maxAbs > 0.0) || !std::isfinite(maxAbs)) return {0, bits};
    return {bits - 1 - static_cast<int>(std::ceil(std::log2(maxAbs))), bits};
}

std::int32_t quantizeSigned(double value, const PowerOfTwoScale& scale)
{
    const double lo = -std::ldexp(1.0, scale.bits - 1);
    const double hi = std::ldexp(1.0, scale.bits - 1) - 1.0;
    return static_cast<std::int32_t>(std::clamp(std::floor(value / scale.step() + 0.5), lo, hi));
}

double dequantize(std::int64_t q, const PowerOfTwoScale& scale) { return static_cast<double>(q) * scale.step(); }

std::int32_t quantizeRelu6(double activation, int bits)
{
    const double step = 6.0 / std::ldexp(1.0, bits);
    return static_cast<std::int32_t>(std::clamp(std::floor(activation / step + 0.5), 0.0, std::ldexp(1.0, bits) - 1.0));
}

void roundToRelu6Steps(std::span<float> activations, int bits)
{
    const double step = 6.0 / std::ldexp(1.0, bits);
    const double top = std::ldexp(1.0, bits) - 1.0;
    const float stepOut = 6.0f / static_cast<float>(1 << bits);
    for (float& a : activations) {
        // floor(y) for y >= 0 is truncation, anything below 0 clamps to 0, and clamping to the
        // integer top before truncating equals clamping after: the same q as quantizeRelu6, with
        // a 32-bit conversion, which (unlike a 64-bit one) has a vector instruction.
        const double y = std::min(std::max(static_cast<double>(a) / step + 0.5, 0.0), top);
        a = static_cast<float>(static_cast<std::int32_t>(y)) * stepOut;
    }
}

void roundToScale(std::span<float> values, const PowerOfTwoScale& scale)
{
    for (float& v : values) v = static_cast<float>(dequantize(quantizeSigned(v, scale), scale));
}

} // namespace colcomb
