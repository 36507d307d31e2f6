#include "systolic/NetworkLatency.h"

#include "systolic/TileTiming.h"

#include <algorithm>
#include <stdexcept>

namespace colcomb {

NetworkLatency networkLatency(const std::vector<NetworkLayer>& layers, const ArrayConfig& shared)
{
    NetworkLatency out;
    const int b = shared.beat();
    std::vector<long long> previousReady;  // ready times of the previous layer's output vectors
    for (const NetworkLayer& layer : layers) {
        if (layer.rows < 1 || layer.groups < 1 || layer.vectors < 1 || layer.ratio < 1 || layer.lookahead < 0)
            throw std::invalid_argument("every network layer needs rows, groups, vectors and ratio >= 1");
        // Shared: tiles in sequence, as simulateLayer runs them.
        const long long cycles = layerCycles(layer.rows, layer.groups, shared, layer.vectors);
        out.sharedLayerCycles.push_back(cycles);
        out.sharedCycles += cycles;

        // Pipelined: this layer's own R x C array.
        std::vector<long long> ready(static_cast<std::size_t>(layer.vectors));
        long long enter = -b;
        for (long long t = 0; t < layer.vectors; ++t) {
            enter += b;
            if (!previousReady.empty()) {
                const long long need = std::min<long long>(static_cast<long long>(previousReady.size()) - 1, t * layer.ratio + layer.lookahead);
                enter = std::max(enter, previousReady[static_cast<std::size_t>(need)] + 1);
            }
            ready[static_cast<std::size_t>(t)] = enter + b + layer.rows + layer.groups - 3;
        }
        out.pipelinedCells += static_cast<long long>(layer.rows) * layer.groups;
        previousReady = std::move(ready);
    }
    out.pipelinedCycles = previousReady.empty() ? 0 : previousReady.back() + 1;
    out.sharedUs = static_cast<double>(out.sharedCycles) / shared.clockMhz;
    out.pipelinedUs = static_cast<double>(out.pipelinedCycles) / shared.clockMhz;
    return out;
}

} // namespace colcomb
