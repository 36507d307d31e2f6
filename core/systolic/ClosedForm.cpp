#include "systolic/ClosedForm.h"

#include "systolic/TileTiming.h"

#include <algorithm>
#include <stdexcept>

namespace colcomb {

namespace {

// sum over v = hi - count + 1 .. hi of min(cap, v), all v >= 1.
long long sumOfCapped(long long hi, long long count, long long cap)
{
    const long long lo = hi - count + 1;
    if (hi <= cap) return (lo + hi) * count / 2;
    if (lo >= cap) return cap * count;
    return (lo + cap - 1) * (cap - lo) / 2 + (hi - cap + 1) * cap;
}

} // namespace

SimulationResult closedFormRun(const QuantizedLayer& layer, long long vectors, const ArrayConfig& config)
{
    if (vectors < 1) throw std::invalid_argument("at least one input vector is needed");
    if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw std::invalid_argument(problem);
    const int beat = config.beat();
    const long long stream = static_cast<long long>(beat) * vectors;
    const long long unit = config.mac == MacMode::BitSerial ? 1 : config.dataBits;
    const int arrayRows = config.shape.rows;
    const int arrayCols = config.shape.cols;
    SimulationResult result;
    result.vectors = vectors;
    result.cells = static_cast<long long>(arrayRows) * arrayCols;
    for (const Tile& tile : tileGridOf(layer, config).tiles()) {
        const TileTiming timing = tileTiming(tile.rows, tile.groups, arrayCols, vectors, beat);
        const long long compute = stream + tile.rows + arrayCols - 2;
        long long weighted = 0;
        long long selecting = 0;
        for (int g = 0; g < tile.groups; ++g) {
            const int column = tile.firstGroup + g;
            const auto width = static_cast<long long>(layer.groups[static_cast<std::size_t>(column)].size());
            const long long cells = (layer.select.block(tile.firstRow, column, tile.rows, 1).array() >= 0).count();
            weighted += cells;
            selecting += width > 1 ? cells : 0;
            result.counters.dataBusBits += width * unit * sumOfCapped(compute - g, stream, arrayRows);
            result.counters.ifmapReads += width * vectors;
        }
        result.counters.filterReads += static_cast<long long>(tile.rows) * tile.groups;
        result.counters.ofmapWrites += static_cast<long long>(tile.rows) * vectors;
        result.counters.usefulMacs += weighted * vectors;
        result.counters.muxSelections += selecting * vectors;
        result.counters.psumHops += static_cast<long long>(tile.rows) * vectors * (arrayCols - 1);
        result.cycles += timing.total();
        result.weightLoadCycles += timing.load;
        result.tiles.push_back({tile, timing.total(), timing, weighted * vectors});
    }
    result.usefulMacs = result.counters.usefulMacs;
    result.cellCycles = result.cells * result.cycles;
    result.utilization = result.cellCycles > 0 ? static_cast<double>(result.usefulMacs) * beat / static_cast<double>(result.cellCycles) : 0.0;
    return result;
}

} // namespace colcomb
