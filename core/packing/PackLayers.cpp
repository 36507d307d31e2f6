#include "packing/PackLayers.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace colcomb {

std::vector<PackingResult> packLayers(std::span<const FilterMatrix> layers, std::span<const PackingParams> params, unsigned threads)
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
    std::atomic<std::size_t> next{0};
    std::mutex failed;
    std::exception_ptr failure;
    const auto work = [&] {
        try {
            for (std::size_t i = next++; i < order.size(); i = next++) results[order[i]] = packLayer(layers[order[i]], params[order[i]]);
        } catch (...) {
            const std::lock_guard lock(failed);
            if (!failure) failure = std::current_exception();
            next = order.size();  // the others stop after their current layer
        }
    };
    const unsigned count = std::max(1u, std::min<unsigned>(threads ? threads : std::thread::hardware_concurrency(), static_cast<unsigned>(layers.size())));
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < count; ++t) pool.emplace_back(work);
        work();
    }  // every worker has joined
    if (failure) std::rethrow_exception(failure);
    return results;
}

} // namespace colcomb
