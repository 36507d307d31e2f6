#include "systolic/NetworkTotals.h"

#include "base/ParallelFor.h"
#include "systolic/ClosedForm.h"

#include <stdexcept>

namespace colcomb {

LayerHardware layerHardware(const PackingResult& result, long long vectors, const ArrayConfig& config, const EnergyCosts& costs)
{
    if (vectors <= 0) return {};
    ArrayConfig packed = config;
    packed.shape = result.params.array;
    packed.muxWidth = groupWidth(result.params);
    ArrayConfig plain = packed;
    plain.muxWidth = 1;  // the unpacked layer needs no multiplexers
    const QuantizedLayer before = unpackedBaseline(result.original, config.weightBits);
    const QuantizedLayer after = quantizeForArray(result.packed, config.weightBits);
    const SimulationResult b = closedFormRun(before, vectors, plain);
    const SimulationResult a = closedFormRun(after, vectors, packed);
    const CostReport cb = estimateCost(b, before, plain, costs);
    const CostReport ca = estimateCost(a, after, packed, costs);
    return {b.cycles, a.cycles, cb.energyPj(), ca.energyPj(), cb.energy, ca.energy};
}

NetworkReport networkReport(std::span<const PackingResult> results, std::span<const long long> vectors, const ArrayConfig& config, const EnergyCosts& costs)
{
    if (vectors.size() != results.size()) throw std::invalid_argument("one output-position count per layer is needed");
    NetworkReport report;
    report.layers.resize(results.size());
    parallelFor(results.size(), [&](std::size_t i) { report.layers[i] = layerHardware(results[i], vectors[i], config, costs); });
    NetworkTotals& t = report.totals;
    double absBefore = 0.0;
    double absAfter = 0.0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const PackingMetrics& m = results[i].metrics;
        ++t.layers;
        t.nnzBefore += m.nnzBefore;
        t.nnzAfter += m.nnzAfter;
        t.pruned += m.pruned;
        t.nonzeroColumns += m.nonzeroColumns;
        t.groups += m.arrayColumns;
        t.cellsBefore += static_cast<long long>(m.nonemptyRows) * m.nonzeroColumns;
        t.cellsAfter += static_cast<long long>(m.nonemptyRows) * m.arrayColumns;
        t.tilesBefore += m.tilesBefore;
        t.tilesAfter += m.tilesAfter;
        const double abs = absSum(results[i].original.weights());
        absBefore += abs;
        absAfter += abs * m.weightKeptFraction;
        if (vectors[i] <= 0) {
            ++t.layersWithoutVectors;
            continue;
        }
        t.cyclesBefore += report.layers[i].cyclesBefore;
        t.cyclesAfter += report.layers[i].cyclesAfter;
        t.energyBeforePj += report.layers[i].energyBeforePj;
        t.energyAfterPj += report.layers[i].energyAfterPj;
        t.breakdownBefore += report.layers[i].breakdownBefore;
        t.breakdownAfter += report.layers[i].breakdownAfter;
    }
    t.utilizationBefore = t.cellsBefore > 0 ? static_cast<double>(t.nnzBefore) / static_cast<double>(t.cellsBefore) : 0.0;
    t.utilizationAfter = t.cellsAfter > 0 ? static_cast<double>(t.nnzAfter) / static_cast<double>(t.cellsAfter) : 0.0;
    t.weightKeptFraction = absBefore > 0.0 ? absAfter / absBefore : 1.0;
    return report;
}

} // namespace colcomb
