#pragma once
// A whole network's packing in numbers: per layer the array cycles and energy of one sample, and
// totals over the layers. Both come from the closed form of the simulator (ClosedForm.h) and the
// cost model (CostModel.h), for the unpacked sparse layer (every nonzero column its own array
// column, plain cells) before and the packed one (multiplexers as wide as the layer's alpha) after,
// streaming the layer's output positions. A layer whose positions are not known (an .npz has no
// feature-map sizes) has no cycles or energy and is counted in `layersWithoutVectors`.
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"
#include "systolic/CostModel.h"

#include <span>
#include <vector>

namespace colcomb {

struct LayerHardware {
    long long cyclesBefore = 0;
    long long cyclesAfter = 0;
    double energyBeforePj = 0.0;
    double energyAfterPj = 0.0;
    EnergyBreakdown breakdownBefore;
    EnergyBreakdown breakdownAfter;
};

// `config` gives the array's data and weight bits, MAC mode and clock; its shape is the packing's
// array and its multiplexer width the layer's alpha. All zero when vectors <= 0.
LayerHardware layerHardware(const PackingResult& result, long long vectors, const ArrayConfig& config, const EnergyCosts& costs = {});

struct NetworkTotals {
    int layers = 0;
    long long nnzBefore = 0;
    long long nnzAfter = 0;
    long long pruned = 0;
    long long nonzeroColumns = 0;
    long long groups = 0;       // array columns (groups x lanes), summed
    long long cellsBefore = 0;  // nonempty rows x nonzero columns, summed
    long long cellsAfter = 0;   // nonempty rows x groups, summed
    long long tilesBefore = 0;
    long long tilesAfter = 0;
    double utilizationBefore = 0.0;  // nnz / cells over the network
    double utilizationAfter = 0.0;
    double weightKeptFraction = 1.0;  // sum |w| kept / sum |w|
    long long cyclesBefore = 0;
    long long cyclesAfter = 0;
    double energyBeforePj = 0.0;
    double energyAfterPj = 0.0;
    EnergyBreakdown breakdownBefore;
    EnergyBreakdown breakdownAfter;
    int layersWithoutVectors = 0;
};

struct NetworkReport {
    std::vector<LayerHardware> layers;  // one per result
    NetworkTotals totals;
};

// `vectors` has one entry per result (0: not known). Layers are costed over the cores.
NetworkReport networkReport(std::span<const PackingResult> results, std::span<const long long> vectors, const ArrayConfig& config,
                            const EnergyCosts& costs = {});

} // namespace colcomb
