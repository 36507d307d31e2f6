#include "systolic/TileTiming.h"

#include <algorithm>

namespace colcomb {

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

long long layerCycles(int rows, int groups, const ArrayConfig& config, long long vectors)
{
    long long cycles = 0;
    for (const Tile& t : TileGrid(rows, groups, config.shape).tiles())
        cycles += tileTiming(t.rows, t.groups, config.shape.cols, vectors, config.beat()).total();
    return cycles;
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
