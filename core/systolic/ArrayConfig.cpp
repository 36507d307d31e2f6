#include "systolic/ArrayConfig.h"

#include <cmath>

namespace colcomb {

std::string validateArrayConfig(const ArrayConfig& c)
{
    if (std::string problem = validateArrayShape(c.shape); !problem.empty()) return problem;
    if (c.dataBits < 1 || c.dataBits > 16) return "data bits must be 1..16 (got " + std::to_string(c.dataBits) + ")";
    if (c.weightBits < 1 || c.weightBits > 16) return "weight bits must be 1..16 (got " + std::to_string(c.weightBits) + ")";
    if (c.accumulatorBits < 2 || c.accumulatorBits > 62)
        return "accumulator bits must be 2..62 (got " + std::to_string(c.accumulatorBits) + ")";
    if (!std::isfinite(c.clockMhz) || c.clockMhz <= 0.0) return "the clock must be a positive number of MHz";
    if (c.muxWidth < 1) return "the multiplexer width (alpha) must be at least 1";
    return {};
}

} // namespace colcomb
