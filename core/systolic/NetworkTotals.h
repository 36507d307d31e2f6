#pragma once
// A whole network's packing in numbers: per layer the array cycles of one sample, and totals
// over the layers. Cycles are TileTiming.h's closed form (the simulator's count) for the mapped
// matrix - nonempty rows x nonzero columns before, nonempty rows x groups after - streaming the
// layer's output positions; a layer whose positions are not known (an .npz has no feature-map
// sizes) has no cycles and is counted in `layersWithoutVectors`.
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"

#include <span>

namespace colcomb {

struct LayerCycles {
    long long before = 0;
    long long after = 0;
};

LayerCycles layerCyclesOf(const PackingResult& result, long long vectors, const ArrayConfig& config);

struct NetworkTotals {
    int layers = 0;
    long long nnzBefore = 0;
    long long nnzAfter = 0;
    long long pruned = 0;
    long long nonzeroColumns = 0;
    long long groups = 0;
    long long cellsBefore = 0;  // nonempty rows x nonzero columns, summed
    long long cellsAfter = 0;   // nonempty rows x groups, summed
    long long tilesBefore = 0;
    long long tilesAfter = 0;
    double utilizationBefore = 0.0;  // nnz / cells over the network
    double utilizationAfter = 0.0;
    double weightKeptFraction = 1.0;  // sum |w| kept / sum |w|
    long long cyclesBefore = 0;
    long long cyclesAfter = 0;
    int layersWithoutVectors = 0;
};

// `vectors` has one entry per result (0: not known).
NetworkTotals networkTotals(std::span<const PackingResult> results, std::span<const long long> vectors, const ArrayConfig& config);

} // namespace colcomb
