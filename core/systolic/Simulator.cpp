#include "systolic/Simulator.h"

#include <stdexcept>

namespace colcomb {

SimulationResult simulateLayer(const QuantizedLayer& layer, const InputBatch& inputs, const ArrayConfig& config)
{
    if (inputs.rows() < 1) throw std::invalid_argument("at least one input vector is needed");
    SystolicArray array(config);
    SimulationResult result;
    result.vectors = inputs.rows();
    result.cells = static_cast<long long>(config.shape.rows) * config.shape.cols;
    result.outputs = Int64Matrix::Zero(layer.rows(), inputs.rows());
    const std::int64_t accLo = -(std::int64_t{1} << (config.accumulatorBits - 1));
    const std::int64_t accHi = (std::int64_t{1} << (config.accumulatorBits - 1)) - 1;

    long long macsBefore = 0;
    for (const Tile& tile : tileGridOf(layer, config).tiles()) {
        array.startTile(layer, tile, inputs);
        while (!array.tileDone()) array.step();
        TileReport report{tile, array.cycleInTile(), array.timing(), array.counters().usefulMacs - macsBefore};
        macsBefore = array.counters().usefulMacs;
        result.cycles += report.cycles;
        result.weightLoadCycles += report.expected.load;
        result.tiles.push_back(report);
        // Partial sums of a row block's tiles accumulate in the same accumulator width.
        auto block = result.outputs.middleRows(tile.firstRow, tile.rows);
        block += array.tileOutputs();
        for (Eigen::Index k = 0; k < block.size(); ++k)
            if (std::int64_t& v = block.data()[k]; v < accLo || v > accHi) ++result.counters.overflows;
    }
    const ArrayCounters& c = array.counters();
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
