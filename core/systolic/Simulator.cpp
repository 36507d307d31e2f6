#include "systolic/Simulator.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace colcomb {

namespace {

// One tile run on its own array: what the sequential accumulation below needs from it.
struct TileRun {
    TileReport report;
    ArrayCounters counters;  // this tile's alone
    Int64Matrix outputs;
};

ArrayCounters operator-(const ArrayCounters& a, const ArrayCounters& b)
{
    return {a.usefulMacs - b.usefulMacs, a.dataBusBits - b.dataBusBits, a.psumHops - b.psumHops,
            a.muxSelections - b.muxSelections, a.overflows - b.overflows, a.misaligned - b.misaligned};
}

ArrayCounters& operator+=(ArrayCounters& a, const ArrayCounters& b)
{
    a = {a.usefulMacs + b.usefulMacs, a.dataBusBits + b.dataBusBits, a.psumHops + b.psumHops,
         a.muxSelections + b.muxSelections, a.overflows + b.overflows, a.misaligned + b.misaligned};
    return a;
}

// Tiles are independent machine runs: spread over the cores, each worker with its own array.
std::vector<TileRun> runTiles(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config, const std::vector<Tile>& tiles)
{
    std::vector<TileRun> runs(tiles.size());
    std::atomic<std::size_t> next{0};
    std::mutex failed;
    std::exception_ptr failure;
    const auto work = [&] {
        try {
            SystolicArray array(config);
            for (std::size_t i = next++; i < tiles.size(); i = next++) {
                const ArrayCounters before = array.counters();
                array.startTile(layer, tiles[i], inputs);
                while (!array.tileDone()) array.step();
                const ArrayCounters delta = array.counters() - before;
                runs[i] = {TileReport{tiles[i], array.cycleInTile(), array.timing(), delta.usefulMacs}, delta, array.tileOutputs()};
            }
        } catch (...) {
            const std::lock_guard lock(failed);
            if (!failure) failure = std::current_exception();
            next = tiles.size();
        }
    };
    const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), static_cast<unsigned>(tiles.size())));
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work);
        work();
    }
    if (failure) std::rethrow_exception(failure);
    return runs;
}

} // namespace

SimulationResult simulateLayer(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config)
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
    for (TileRun& run : runTiles(layer, inputs, config, tileGridOf(layer, config).tiles())) {
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
    result.usefulMacs = c.usefulMacs;
    result.cellCycles = result.cells * result.cycles;
    result.utilization = result.cellCycles > 0 ? static_cast<double>(result.usefulMacs) * config.beat() / static_cast<double>(result.cellCycles) : 0.0;
    result.mismatches = (result.outputs.array() != referenceProduct(layer, inputs).array()).count();
    result.verified = result.mismatches == 0 && result.counters.overflows == 0 && result.counters.misaligned == 0;
    return result;
}

} // namespace colcomb
