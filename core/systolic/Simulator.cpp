#include "systolic/Simulator.h"

#include "base/ParallelFor.h"

#include <stdexcept>

namespace colcomb {

namespace {

// One tile run on its own array: what the sequential accumulation below needs from it.
struct TileRun {
    TileReport report;
    ArrayCounters counters;  // this tile's alone
    Int64Matrix outputs;
};

ArrayCounters& operator+=(ArrayCounters& a, const ArrayCounters& b)
{
    a = {a.usefulMacs + b.usefulMacs, a.dataBusBits + b.dataBusBits, a.psumHops + b.psumHops, a.muxSelections + b.muxSelections,
         a.overflows + b.overflows,   a.misaligned + b.misaligned,   a.ifmapReads + b.ifmapReads, a.filterReads + b.filterReads,
         a.ofmapWrites + b.ofmapWrites};
    return a;
}

// Tiles are independent machine runs: spread over the cores.
std::vector<TileRun> runTiles(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config, const std::vector<Tile>& tiles,
                              const std::atomic<bool>* cancel)
{
    std::vector<TileRun> runs(tiles.size());
    // A fresh array per tile: setting one up costs a sliver of stepping it through a tile.
    parallelFor(tiles.size(), [&](std::size_t i) {
        if (cancel && cancel->load(std::memory_order_relaxed)) return;
        SystolicArray array(config);
        array.startTile(layer, tiles[i], inputs);
        while (!array.tileDone()) array.step();
        runs[i] = {TileReport{tiles[i], array.cycleInTile(), array.timing(), array.counters().usefulMacs}, array.counters(), array.tileOutputs()};
    });
    if (cancel && cancel->load()) throw SimulationCancelled();
    return runs;
}

} // namespace

SimulationResult simulateLayer(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config, const std::atomic<bool>* cancel)
{
    if (inputs.rows() < 1) throw std::invalid_argument("at least one input vector is needed");
    if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw std::invalid_argument(problem);
    SimulationResult result;
    result.vectors = inputs.rows();
    result.cells = static_cast<long long>(config.shape.rows) * config.shape.cols;
    result.outputs = Int64Matrix::Zero(layer.rows(), inputs.rows());
    const std::int64_t accLo = -(std::int64_t{1} << (config.accumulatorBits - 1));
    const std::int64_t accHi = (std::int64_t{1} << (config.accumulatorBits - 1)) - 1;

    // The one array runs the tiles in sequence: its cycles add up, and the partial sums of a row
    // block's tiles accumulate in tile order, exactly as if the tiles had run on one machine.
    ArrayCounters c;
    for (TileRun& run : runTiles(layer, inputs, config, tileGridOf(layer, config).tiles(), cancel)) {
        result.cycles += run.report.cycles;
        result.weightLoadCycles += run.report.expected.load;
        result.tiles.push_back(run.report);
        c += run.counters;
        auto block = result.outputs.middleRows(run.report.tile.firstRow, run.report.tile.rows);
        block += run.outputs;
        for (Eigen::Index k = 0; k < block.size(); ++k)
            if (std::int64_t& v = block.data()[k]; v < accLo || v > accHi) ++result.counters.overflows;
    }
    result.counters.usefulMacs = c.usefulMacs;
    result.counters.dataBusBits = c.dataBusBits;
    result.counters.psumHops = c.psumHops;
    result.counters.muxSelections = c.muxSelections;
    result.counters.overflows += c.overflows;
    result.counters.misaligned = c.misaligned;
    result.counters.ifmapReads = c.ifmapReads;
    result.counters.filterReads = c.filterReads;
    result.counters.ofmapWrites = c.ofmapWrites;
    result.usefulMacs = c.usefulMacs;
    result.cellCycles = result.cells * result.cycles;
    result.utilization = result.cellCycles > 0 ? static_cast<double>(result.usefulMacs) * config.beat() / static_cast<double>(result.cellCycles) : 0.0;
    result.mismatches = (result.outputs.array() != referenceProduct(layer, inputs).array()).count();
    result.verified = result.mismatches == 0 && result.counters.overflows == 0 && result.counters.misaligned == 0;
    return result;
}

} // namespace colcomb
