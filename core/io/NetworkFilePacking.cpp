#include "io/NetworkFilePacking.h"

#include <stdexcept>
#include <string>

namespace colcomb {

int kernelPositionsOf(const std::vector<std::size_t>& shape) { return shape.size() == 4 ? static_cast<int>(shape[2] * shape[3]) : 1; }

int kernelPositionsOf(const LayerFilterMatrix& layer)
{
    if (layer.kernelPositions > 0) return layer.kernelPositions;
    return layer.storedTransposed ? 1 : kernelPositionsOf(layer.tensorShape);
}

PackingParams paramsForLayer(const LayerFilterMatrix& layer, PackingParams params)
{
    if (const int positions = kernelPositionsOf(layer); positions > 1) params.kernelPositions = positions;
    return params;
}

NetworkPacking packNetworkFile(const NetworkFile& network, std::span<const std::size_t> rows, std::span<const PackingParams> params,
                               ArrayConfig hardware, unsigned threads, const PackLayersProgress& progress)
{
    if (params.size() != rows.size())
        throw std::invalid_argument(std::to_string(rows.size()) + " layers to pack but " + std::to_string(params.size()) + " parameter sets");
    std::vector<FilterMatrix> matrices;
    std::vector<long long> vectors;
    std::vector<PackingParams> own;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const std::size_t row = rows[k];
        if (row >= network.layers.size())
            throw std::invalid_argument("layer " + std::to_string(row) + " is not in the network (" + std::to_string(network.layers.size()) + " layers)");
        matrices.push_back(network.layers[row].weights);
        vectors.push_back(network.layers[row].vectors);
        own.push_back(paramsForLayer(network.layers[row], params[k]));
    }
    return packNetwork(matrices, own, vectors, hardware, threads, progress);
}

} // namespace colcomb
