#include "systolic/NetworkPacking.h"

#include <stdexcept>

namespace colcomb {

NetworkPacking packNetwork(std::span<const FilterMatrix> layers, std::span<const PackingParams> params, std::span<const long long> vectors,
                           ArrayConfig hardware, unsigned threads, const PackLayersProgress& progress, const EnergyCosts& costs)
{
    if (vectors.size() != layers.size()) throw std::invalid_argument("packNetwork: one vector count per layer is needed");
    for (const PackingParams& p : params)
        if (!(p.array == params.front().array)) throw std::invalid_argument("packNetwork: every layer must be packed for the same array");
    NetworkPacking out;
    out.results = packLayers(layers, params, threads, progress);
    if (!params.empty()) hardware.shape = params.front().array;
    out.report = networkReport(out.results, vectors, hardware, costs);
    return out;
}

} // namespace colcomb
