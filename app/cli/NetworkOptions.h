#pragma once
// What the commands that read a model's layers share (inspect, pack, masks; simulate picks a layer
// too): the input file with one reader (io/NetworkFile.h) and the topologies' synthetic density,
// the choice of layers, their alphas, and packing them all at once.
#include "Commands.h"

#include "io/NetworkFile.h"
#include "io/NetworkFilePacking.h"
#include "systolic/NetworkPacking.h"

namespace colcomb::cli {

struct NetworkOptions {
    std::string input;
    NetworkImportOptions import;
};

void addNetworkOptions(CLI::App* sub, NetworkOptions& opts);
NetworkFile readNetwork(const NetworkOptions& opts);

// Which layers a command packs, and with which multiplexer width each.
struct LayerSelection {
    std::string layer;                    // --layer NAME
    bool all = false;                     // --all
    std::vector<std::string> layerAlpha;  // --layer-alpha NAME=A, repeatable
    unsigned threads = 0;                 // --threads (0: one per core)
};

void addLayerSelection(CLI::App* sub, LayerSelection& opts, bool allByDefault = false);
// The chosen layers' indices: --all gives every packable layer; a file of one packable layer needs
// no --layer. Throws UsageError naming the choices otherwise.
std::vector<std::size_t> selectLayers(const NetworkFile& network, const LayerSelection& opts, const std::string& input, bool allByDefault = false);

struct PackedNetwork {
    std::vector<LayerFilterMatrix> layers;     // the packed ones, in the file's order
    NetworkPacking packing;                    // one result and hardware report per layer
    std::vector<LayerFilterMatrix> notPacked;  // listed in the file, not packable (depthwise)
};

// Each chosen layer with `params` and its --layer-alpha, all layers at once over the cores, and
// their cycles and energy (systolic/NetworkPacking.h).
std::vector<PackingParams> layerParams(const NetworkFile& network, const std::vector<std::size_t>& chosen, const PackingParams& params,
                                       const LayerSelection& opts);
PackedNetwork packNetwork(const NetworkFile& network, const std::vector<std::size_t>& chosen, const PackingParams& params, const LayerSelection& opts);

} // namespace colcomb::cli
