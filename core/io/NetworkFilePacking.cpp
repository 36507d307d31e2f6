#include "io/NetworkFilePacking.h"

#include <stdexcept>
#include <string>

namespace colcomb {

NetworkPacking packNetworkFile(const NetworkFile& network, std::span<const std::size_t> rows, std::span<const PackingParams> params,
                               ArrayConfig hardware, unsigned threads, const PackLayersProgress& progress)
{
    if (params.size() != rows.size())
        throw std::invalid_argument(std::to_string(rows.size()) + " layers to pack but " + std::to_string(params.size()) + " parameter sets");
    std::vector<FilterMatrix> matrices;
    std::vector<long long> vectors;
    for (std::size_t row : rows) {
        if (row >= network.layers.size())
            throw std::invalid_argument("layer " + std::to_string(row) + " is not in the network (" + std::to_string(network.layers.size()) + " layers)");
        matrices.push_back(network.layers[row].weights);
        vectors.push_back(network.layers[row].vectors);
    }
    return packNetwork(matrices, params, vectors, hardware, threads, progress);
}

} // namespace colcomb
