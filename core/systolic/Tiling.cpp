#include "systolic/Tiling.h"

#include <algorithm>

namespace colcomb {

std::vector<Tile> tilesOf(const QuantizedLayer& layer, const ArrayConfig& config)
{
    std::vector<Tile> tiles;
    for (int r0 = 0, rb = 0; r0 < layer.rows(); r0 += config.rows, ++rb)
        for (int g0 = 0, cb = 0; g0 < layer.groupCount(); g0 += config.cols, ++cb)
            tiles.push_back({rb, cb, r0, std::min(config.rows, layer.rows() - r0), g0, std::min(config.cols, layer.groupCount() - g0)});
    return tiles;
}

const char* phaseName(Phase phase)
{
    switch (phase) {
    case Phase::WeightLoad: return "weight load";
    case Phase::Fill: return "fill";
    case Phase::Steady: return "steady state";
    case Phase::Drain: return "drain";
    case Phase::Done: return "done";
    }
    return "?";
}

TileTiming tileTiming(int tileRows, int tileGroups, int arrayCols, long long vectors, int beat)
{
    const long long stream = static_cast<long long>(beat) * vectors;
    const long long skew = tileRows + tileGroups - 2;
    TileTiming t;
    t.load = tileRows;
    t.fill = std::min(stream, skew);
    t.steady = std::max(0LL, stream - skew);
    t.drain = tileRows + arrayCols - 2;
    return t;
}

Phase TileTiming::phaseAt(long long cycle) const
{
    if (cycle < load) return Phase::WeightLoad;
    cycle -= load;
    if (cycle < fill) return Phase::Fill;
    if (cycle < fill + steady) return Phase::Steady;
    if (cycle < compute()) return Phase::Drain;
    return Phase::Done;
}

} // namespace colcomb
