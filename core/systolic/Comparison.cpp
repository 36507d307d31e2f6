#include "systolic/Comparison.h"

#include <stdexcept>

namespace colcomb {

namespace {
ArrayRun run(QuantizedLayer layer, const InputBatch& inputs, const ArrayConfig& config, const EnergyCosts& costs)
{
    ArrayRun r{std::move(layer), {}, {}};
    r.sim = simulateLayer(r.layer, inputs, config);
    r.cost = estimateCost(r.sim, r.layer, config, costs);
    return r;
}
} // namespace

ArrayComparison simulateWithBaselines(const PackedLayer& packed, const ArrayConfig& config, int vectors, std::uint64_t seed,
                                      const EnergyCosts& costs)
{
    if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw std::invalid_argument(problem);
    if (vectors < 1) throw std::invalid_argument("at least one input vector is needed");
    ArrayComparison c;
    c.config = config;
    c.inputs = randomInputs(vectors, packed.originalCols(), config.dataBits, config.signedData, seed);
    // The unpacked baselines run on a plain array: no multiplexers to select among.
    ArrayConfig plain = config;
    plain.muxWidth = 1;
    const FilterMatrix weights = packed.expand();
    c.packed = run(quantizeForArray(packed, config.weightBits), c.inputs, config, costs);
    c.unpacked = run(unpackedBaseline(weights, config.weightBits), c.inputs, plain, costs);
    c.dense = run(denseBaseline(weights, config.weightBits), c.inputs, plain, costs);
    return c;
}

} // namespace colcomb
