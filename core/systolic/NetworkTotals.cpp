#include "systolic/NetworkTotals.h"

#include "systolic/TileTiming.h"

#include <stdexcept>

namespace colcomb {

LayerCycles layerCyclesOf(const PackingResult& result, long long vectors, const ArrayConfig& config)
{
    if (vectors <= 0) return {};
    const PackingMetrics& m = result.metrics;
    return {layerCycles(m.nonemptyRows, m.nonzeroColumns, config, vectors), layerCycles(m.nonemptyRows, m.groups, config, vectors)};
}

NetworkTotals networkTotals(std::span<const PackingResult> results, std::span<const long long> vectors, const ArrayConfig& config)
{
    if (vectors.size() != results.size()) throw std::invalid_argument("one output-position count per layer is needed");
    NetworkTotals t;
    double absBefore = 0.0;
    double absAfter = 0.0;
    for (std::size_t i = 0; i < results.size(); ++i) {
        const PackingMetrics& m = results[i].metrics;
        ++t.layers;
        t.nnzBefore += m.nnzBefore;
        t.nnzAfter += m.nnzAfter;
        t.pruned += m.pruned;
        t.nonzeroColumns += m.nonzeroColumns;
        t.groups += m.groups;
        t.cellsBefore += static_cast<long long>(m.nonemptyRows) * m.nonzeroColumns;
        t.cellsAfter += static_cast<long long>(m.nonemptyRows) * m.groups;
        t.tilesBefore += m.tilesBefore;
        t.tilesAfter += m.tilesAfter;
        const double abs = absSum(results[i].original.weights());
        absBefore += abs;
        absAfter += abs * m.weightKeptFraction;
        if (vectors[i] <= 0) {
            ++t.layersWithoutVectors;
            continue;
        }
        const LayerCycles c = layerCyclesOf(results[i], vectors[i], config);
        t.cyclesBefore += c.before;
        t.cyclesAfter += c.after;
    }
    t.utilizationBefore = t.cellsBefore > 0 ? static_cast<double>(t.nnzBefore) / static_cast<double>(t.cellsBefore) : 0.0;
    t.utilizationAfter = t.cellsAfter > 0 ? static_cast<double>(t.nnzAfter) / static_cast<double>(t.cellsAfter) : 0.0;
    t.weightKeptFraction = absBefore > 0.0 ? absAfter / absBefore : 1.0;
    return t;
}

} // namespace colcomb
