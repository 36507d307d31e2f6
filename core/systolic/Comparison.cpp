#include "systolic/Comparison.h"

#include <stdexcept>

namespace colcomb {

namespace {
ArrayRun run(QuantizedLayer layer, const InputBatch& inputs, const ArrayConfig& config, const EnergyCosts& costs, const std::atomic<bool>* cancel)
{
    ArrayRun r{std::move(layer), {}, {}};
    r.sim = simulateLayer(r.layer, inputs, config, cancel);
    r.cost = estimateCost(r.sim, r.layer, config, costs);
    return r;
}
} // namespace

ArrayComparison simulateWithBaselines(const PackedLayer& packed, const ArrayConfig& config, int vectors, std::uint64_t seed,
                                      const EnergyCosts& costs, const std::atomic<bool>* cancel)
{
    if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw std::invalid_argument(problem);
    if (vectors < 1) throw std::invalid_argument("at least one input vector is needed");
    ArrayComparison c;
    c.config = config;
    c.costs = costs;
    c.inputs = randomInputs(vectors, packed.originalCols(), config.dataBits, config.signedData, seed);
    // The unpacked baselines run on a plain array: no multiplexers to select among.
    ArrayConfig plain = config;
    plain.muxWidth = 1;
    const FilterMatrix weights = packed.expand();
    c.packed = run(quantizeForArray(packed, config.weightBits), c.inputs, config, costs, cancel);
    const QuantizedLayer unpacked = unpackedBaseline(weights, config.weightBits);
    const QuantizedLayer dense = denseBaseline(weights, config.weightBits);
    c.unpacked = run(unpacked, c.inputs, plain, costs, cancel);
    // Without empty columns or rows the two baselines are one layer: simulated once.
    const bool same = unpacked.rowIndex == dense.rowIndex && unpacked.groups == dense.groups && unpacked.weights.rows() == dense.weights.rows()
                      && unpacked.weights.cols() == dense.weights.cols() && unpacked.weights == dense.weights && unpacked.select == dense.select;
    c.dense = same ? c.unpacked : run(dense, c.inputs, plain, costs, cancel);
    return c;
}

} // namespace colcomb
