#pragma once
// A network's layers packed and costed in one call: packLayers over the cores (PackLayers.h), then
// the cycles and energy of one sample per layer and in total (NetworkTotals.h). The CLI's pack
// command, the studio's Network tab and the sweeps all pack a model through here.
#include "packing/PackLayers.h"
#include "systolic/NetworkTotals.h"

namespace colcomb {

struct NetworkPacking {
    std::vector<PackingResult> results;  // one per layer, in the layers' order
    NetworkReport report;
};

// `params` and `vectors` hold one entry per layer (vectors 0: not known). `hardware` gives the data
// and weight bits, MAC mode and clock; its shape is the packing's array (every layer's params
// share it). Throws std::invalid_argument for bad parameters, PackingCancelled when `progress`
// returns false.
NetworkPacking packNetwork(std::span<const FilterMatrix> layers, std::span<const PackingParams> params, std::span<const long long> vectors,
                           ArrayConfig hardware = {}, unsigned threads = 0, const PackLayersProgress& progress = {}, const EnergyCosts& costs = {});

} // namespace colcomb
