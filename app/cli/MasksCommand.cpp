#include "Commands.h"
#include "NetworkOptions.h"
#include "PackingOptions.h"

#include "io/Npz.h"
#include "io/PackingExport.h"

#include <cstdio>
#include <filesystem>
#include <memory>

namespace colcomb::cli {

Command addMasksCommand(CLI::App& app)
{
    struct Options {
        NetworkOptions network;
        LayerSelection selection;
        PackingOptions packing;
        std::string out;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand(
        "masks", "Write the 0/1 masks column-combine pruning gives every layer, keyed like the input, for an external training loop");
    addNetworkOptions(sub, opts->network);
    addLayerSelection(sub, opts->selection, true);
    addPackingOptions(sub, opts->packing);
    sub->add_option("--out,-o", opts->out, "The masks: an .npz file, one float32 array per weight")->required();

    return {sub, [opts] {
        if (std::filesystem::path(opts->out).extension() != ".npz") throw UsageError("--out: '" + opts->out + "' must end in .npz");
        const PackingParams params = resolvePackingOptions(opts->packing);
        const NetworkFile network = readNetwork(opts->network);
        const std::vector<std::size_t> chosen = selectLayers(network, opts->selection, opts->network.input, true);
        const PackedNetwork packed = packNetwork(network, chosen, params, opts->selection);
        const std::vector<NpzEntry> masks = pruningMasks(packed.layers, packed.packing.results);
        writeNpz(opts->out, masks, ZipCompression::Fast);
        long long kept = 0;
        long long weights = 0;
        for (const NpzEntry& m : masks) {
            if (m.key == kMaskKeysMember) continue;
            weights += static_cast<long long>(m.array.values.size());
            for (double v : m.array.values) kept += v != 0.0;
        }
        std::printf("wrote %zu masks to %s: %lld of %lld weights kept (%.1f%%)\n", masks.size() - 1, opts->out.c_str(), kept, weights,
                    weights ? 100.0 * static_cast<double>(kept) / static_cast<double>(weights) : 0.0);
        for (const LayerFilterMatrix& l : packed.notPacked) std::printf("no mask for %s: %s\n", l.name.c_str(), l.notPacked.c_str());
    }};
}

} // namespace colcomb::cli
