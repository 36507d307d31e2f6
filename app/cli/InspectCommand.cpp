#include "Commands.h"
#include "NetworkOptions.h"

#include "io/NetworkFile.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

Command addInspectCommand(CLI::App& app)
{
    struct Options {
        NetworkOptions network;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand("inspect", "List a file's layers: kind, shape, sparsity, empty rows and columns");
    addNetworkOptions(sub, opts->network);
    sub->add_flag("--json", opts->json, "Print one JSON object on stdout");

    return {sub, [opts] {
        const NetworkFile network = readNetwork(opts->network);
        nlohmann::json layers = nlohmann::json::array();
        for (const LayerFilterMatrix& l : network.layers) {
            const FilterMatrix& m = l.weights;
            const double cells = static_cast<double>(m.rows()) * m.cols();
            nlohmann::json j = {{"name", l.name}, {"kind", l.kind}, {"shape", l.tensorShape}, {"rows", m.rows()}, {"cols", m.cols()},
                                {"nnz", m.nnz()}, {"density", cells > 0 ? static_cast<double>(m.nnz()) / cells : 0.0}};
            if (l.group >= 0) j["group"] = l.group;
            if (l.groupCount > 1) j["groups"] = l.groupCount;
            if (l.vectors > 0) j["output_positions"] = l.vectors;
            if (l.alpha > 1) j["trained_alpha"] = l.alpha;
            if (!l.trainedGroups.empty()) j["trained_groups"] = l.trainedGroups;
            if (!l.notPacked.empty()) j["not_packed"] = l.notPacked;
            layers.push_back(j);
        }
        nlohmann::json skipped = nlohmann::json::array();
        for (const SkippedTensor& s : network.skipped) skipped.push_back({{"name", s.name}, {"shape", s.shape}, {"reason", s.reason}});
        nlohmann::json j = {{"file", opts->network.input}, {"format", network.format}, {"layers", layers}, {"skipped", skipped}};
        if (network.layers.size() == 1) {  // one weight file: its matrix at the top level too
            const FilterMatrix& m = network.layers[0].weights;
            for (const char* key : {"rows", "cols", "nnz", "density"}) j[key] = layers[0][key];
            j["empty_rows"] = m.emptyRows();
            j["empty_columns"] = m.emptyColumns();
        }
        if (opts->json) {
            std::cout << j.dump() << "\n";
            return;
        }
        std::printf("%s: %s, %zu layers", opts->network.input.c_str(), network.format.c_str(), network.layers.size());
        if (!network.skipped.empty()) std::printf(", %zu other tensors", network.skipped.size());
        int width = 5;
        for (const LayerFilterMatrix& l : network.layers) width = std::max(width, static_cast<int>(l.name.size()));
        std::printf("\n%-*s %-16s %-14s %12s %10s %9s\n", width, "layer", "kind", "shape", "matrix", "nonzeros", "density");
        for (const nlohmann::json& l : layers) {
            std::string shape;
            for (const auto& d : l["shape"]) shape += (shape.empty() ? "" : "x") + std::to_string(d.get<std::size_t>());
            const std::string matrix = std::to_string(l["rows"].get<int>()) + " x " + std::to_string(l["cols"].get<int>());
            const std::string trained = l.contains("trained_groups") ? "  (trained: " + std::to_string(l["trained_groups"].size()) + " groups)" : "";
            std::printf("%-*s %-16s %-14s %12s %10lld %8.2f%%%s%s\n", width, l["name"].get<std::string>().c_str(), l["kind"].get<std::string>().c_str(), shape.c_str(),
                        l.contains("not_packed") ? "-" : matrix.c_str(), l["nnz"].get<long long>(), l["density"].get<double>() * 100.0,
                        l.contains("not_packed") ? "  (not packed: depthwise)" : "", trained.c_str());
        }
        for (const SkippedTensor& s : network.skipped) std::printf("skipped %s: %s\n", s.name.c_str(), s.reason.c_str());
        if (network.layers.size() == 1)
            std::printf("%zu empty rows, %zu empty columns\n", network.layers[0].weights.emptyRows().size(), network.layers[0].weights.emptyColumns().size());
    }};
}

} // namespace colcomb::cli
