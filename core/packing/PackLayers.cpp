#include "packing/PackLayers.h"

#include "base/ParallelFor.h"

#include <algorithm>
#include <atomic>
#include <numeric>
#include <stdexcept>

namespace colcomb {

std::vector<PackingResult> packLayers(std::span<const FilterMatrix> layers, std::span<const PackingParams> params, unsigned threads,
                                      const PackLayersProgress& progress)
{
    if (params.size() != layers.size())
        throw std::invalid_argument(std::to_string(layers.size()) + " layers but " + std::to_string(params.size()) + " parameter sets");
    for (std::size_t k = 0; k < layers.size(); ++k)
        if (const std::string problem = validatePackingParams(params[k]); !problem.empty())
            throw std::invalid_argument("layer " + std::to_string(k) + ": " + problem);
    // Largest layers first: the longest jobs start early and the small ones fill the gaps.
    std::vector<std::size_t> order(layers.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return static_cast<long long>(layers[a].rows()) * layers[a].cols() > static_cast<long long>(layers[b].rows()) * layers[b].cols();
    });
    std::vector<PackingResult> results(layers.size());
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};  // a layer still searching hears the cancel too
    parallelFor(
        order.size(),
        [&](std::size_t i) {
            if (stop) throw PackingCancelled();
            results[order[i]] = packLayer(layers[order[i]], params[order[i]], nullptr, &stop);
            if (progress && !progress(++done, layers.size())) {
                stop = true;
                throw PackingCancelled();
            }
        },
        threads);
    return results;
}

} // namespace colcomb
