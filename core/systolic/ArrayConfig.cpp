#include "systolic/ArrayConfig.h"

#include <cmath>

namespace colcomb {

std::string validateArrayConfig(const ArrayConfig& c)
{
    if (c.rows < 1 || c.cols < 1) return "the array needs at least 1 x 1 cells (got " + std::to_string(c.rows) + "x" + std::to_string(c.cols) + ")";
    if (c.rows > 4096 || c.cols > 4096) return "the array is limited to 4096 x 4096 cells";
    if (c.dataBits < 1 || c.dataBits > 16) return "data bits must be 1..16 (got " + std::to_string(c.dataBits) + ")";
    if (c.weightBits < 1 || c.weightBits > 16) return "weight bits must be 1..16 (got " + std::to_string(c.weightBits) + ")";
    if (c.accumulatorBits < 2 || c.accumulatorBits > 62)
        return "accumulator bits must be 2..62 (got " + std::to_string(c.accumulatorBits) + ")";
    if (!std::isfinite(c.clockMhz) || c.clockMhz <= 0.0) return "the clock must be a positive number of MHz";
    if (c.muxWidth < 1) return "the multiplexer width (alpha) must be at least 1";
    return {};
}

} // namespace colcomb
