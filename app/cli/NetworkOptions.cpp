#include "NetworkOptions.h"

#include <charconv>
#include <map>

namespace colcomb::cli {

void addNetworkOptions(CLI::App* sub, NetworkOptions& opts)
{
    sub->add_option("--input,-i", opts.input,
                    "Weights: .onnx, .npz (a state dict), .npy (2-D filter matrix or 4-D conv weight), .csv (a matrix, or a SCALE-Sim "
                    "topology), or a colcomb model")
        ->required();
    sub->add_option("--density", opts.import.syntheticDensity, "SCALE-Sim topology: density of the random weights each layer gets")
        ->check(CLI::Range(1e-9, 1.0))
        ->capture_default_str();
    sub->add_option("--seed", opts.import.seed, "SCALE-Sim topology: seed of the random weights")->capture_default_str();
}

NetworkFile readNetwork(const NetworkOptions& opts) { return readNetworkFile(opts.input, opts.import); }

void addLayerSelection(CLI::App* sub, LayerSelection& opts, bool allByDefault)
{
    CLI::Option* layer = sub->add_option("--layer", opts.layer, "The layer to use, by name (the end of a name is enough when it is unique)");
    if (!allByDefault) sub->add_flag("--all", opts.all, "Every layer that can be packed, in parallel")->excludes(layer);
    sub->add_option("--layer-alpha", opts.layerAlpha, "A layer's own multiplexer width, NAME=A (repeatable; others use --alpha)");
    sub->add_option("--threads", opts.threads, "Layers packed at once (0: one per core)")->capture_default_str();
}

std::vector<std::size_t> selectLayers(const NetworkFile& network, const LayerSelection& opts, const std::string& input, bool allByDefault)
{
    const std::vector<std::size_t> packable = network.packable();
    if (packable.empty()) throw UsageError(input + ": no layer can be packed (" + std::to_string(network.layers.size()) + " listed, all depthwise)");
    if (opts.all || (allByDefault && opts.layer.empty())) return packable;
    if (!opts.layer.empty()) {
        std::size_t index = 0;
        try {
            index = findLayer(network, opts.layer);
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--layer: ") + e.what());
        }
        if (!network.layers[index].notPacked.empty())
            throw UsageError("--layer: '" + network.layers[index].name + "' is not packed: " + network.layers[index].notPacked);
        return {index};
    }
    if (packable.size() == 1) return packable;
    throw UsageError(input + " has " + std::to_string(packable.size()) + " layers: pick one with --layer NAME (such as '" + network.layers[packable.front()].name
                     + "') or pack them all with --all (colcomb inspect lists them)");
}

std::vector<PackingParams> layerParams(const NetworkFile& network, const std::vector<std::size_t>& chosen, const PackingParams& params,
                                       const LayerSelection& opts)
{
    std::map<std::size_t, int> alphaOf;
    for (const std::string& item : opts.layerAlpha) {
        const std::size_t eq = item.rfind('=');
        int alpha = 0;
        const char* end = item.data() + item.size();
        if (eq == std::string::npos || std::from_chars(item.data() + eq + 1, end, alpha).ptr != end || alpha < 1)
            throw UsageError("--layer-alpha: '" + item + "' is not NAME=A with A a whole number >= 1");
        try {
            alphaOf[findLayer(network, item.substr(0, eq))] = alpha;
        } catch (const std::invalid_argument& e) {
            throw UsageError(std::string("--layer-alpha: ") + e.what());
        }
    }
    std::vector<PackingParams> out;
    for (std::size_t index : chosen) {
        PackingParams p = paramsForLayer(network.layers[index], params);
        if (const auto a = alphaOf.find(index); a != alphaOf.end()) p.alpha = a->second;
        out.push_back(p);
    }
    return out;
}

PackedNetwork packNetwork(const NetworkFile& network, const std::vector<std::size_t>& chosen, const PackingParams& params, const LayerSelection& opts)
{
    PackedNetwork out;
    for (std::size_t index : chosen) out.layers.push_back(network.layers[index]);
    for (const LayerFilterMatrix& l : network.layers)
        if (!l.notPacked.empty()) out.notPacked.push_back(l);
    out.packing = packNetworkFile(network, chosen, layerParams(network, chosen, params, opts), {}, opts.threads);
    return out;
}

} // namespace colcomb::cli
