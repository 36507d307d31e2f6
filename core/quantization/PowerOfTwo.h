#pragma once
// Power-of-two quantization as in the authors' quant.py: the scale is a shift, so the hardware
// multiplies integers and rescales with a shift.
//   sf = bits - 1 - ceil(log2(max |w|)),  step = 2^-sf,
//   q  = clamp(floor(w / step + 0.5), -2^(bits-1), 2^(bits-1) - 1)
// Activations after ReLU6 use step 6 / 2^bits and are unsigned.
#include <cstdint>
#include <span>

namespace colcomb {

struct PowerOfTwoScale {
    int shift = 0;  // sf: value = q x 2^-shift
    int bits = 8;
    double step() const;
};

// max |w| = 0 gives shift 0 (every weight quantizes to 0 anyway).
PowerOfTwoScale powerOfTwoScale(double maxAbs, int bits);
std::int32_t quantizeSigned(double value, const PowerOfTwoScale& scale);
double dequantize(std::int64_t q, const PowerOfTwoScale& scale);
// Each value replaced by the nearest one the scale can hold (quantize, then dequantize).
void roundToScale(std::span<float> values, const PowerOfTwoScale& scale);

// ReLU6 activations: q = clamp(floor(a / (6 / 2^bits) + 0.5), 0, 2^bits - 1).
std::int32_t quantizeRelu6(double activation, int bits);
// Each activation replaced by q x 6 / 2^bits, the value the quantized network passes on: the
// same q as above, for a whole tensor at once (evaluation spends its time here).
void roundToRelu6Steps(std::span<float> activations, int bits);

} // namespace colcomb
