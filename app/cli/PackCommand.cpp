#include "Commands.h"
#include "NetworkOptions.h"
#include "PackingOptions.h"

#include "base/AtomicFile.h"
#include "io/CombiningStepsFile.h"
#include "io/PackedLayerFile.h"
#include "io/PackingExport.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

namespace colcomb::cli {

namespace {

struct PackOptions {
    NetworkOptions network;
    LayerSelection selection;
    std::string out;
    std::string mem;
    int weightBits = 8;
    std::string steps;
    std::string solverLog;
    bool json = false;
    PackingOptions packing;
};

void printSummary(const PackingResult& r)
{
    const PackingMetrics& m = r.metrics;
    const auto pct = [](double v) { return v * 100.0; };
    std::printf("%d x %d filter matrix, %lld nonzeros; %d nonzero columns, %zu empty columns, %zu empty rows\n", m.rows,
                m.cols, m.nnzBefore, m.nonzeroColumns, r.original.emptyColumns().size(), r.original.emptyRows().size());
    if (isStructural(r.params.method))
        std::printf("method %s: groups of %d input channels at each of %d kernel position%s (%d padded); each row keeps its %s per group, "
                    "array %s\n",
                    methodChoiceName(methodChoice(r.params)).c_str(), groupWidth(r.params), r.params.kernelPositions, r.params.kernelPositions == 1 ? "" : "s",
                    m.paddedGroups, lanesPerGroup(r.params) == 1 ? "largest weight" : (std::to_string(lanesPerGroup(r.params)) + " largest weights").c_str(),
                    arrayShapeText(r.params.array).c_str());
    else
        std::printf("method %s, alpha %d, gamma %g (at most %d conflicts per group), array %s\n", methodName(r.params.method).c_str(),
                    r.params.alpha, r.params.gamma, m.conflictBudget, arrayShapeText(r.params.array).c_str());
    if (r.params.method == CombineMethod::Exact)
        std::printf("exact: %d groups, %s\n", m.groups,
                    m.groups <= m.groupsLowerBound.value() ? "proved optimal"
                                                           : ("the best found in the time limit; no packing has fewer than " + std::to_string(m.groupsLowerBound.value())).c_str());
    std::printf("%-22s %12s %12s\n", "", "before", "after");
    if (m.groupsLowerBound.value() > 0)
        std::printf("%-22s %12d %12d   (%d groups; lower bound %d)\n", "array columns", m.nonzeroColumns, m.arrayColumns, m.groups, m.groupsLowerBound.value());
    else
        std::printf("%-22s %12d %12d   (%d groups)\n", "array columns", m.nonzeroColumns, m.arrayColumns, m.groups);
    std::printf("%-22s %12lld %12lld   (%lld pruned, %.1f%% of |w| kept)\n", "nonzeros", m.nnzBefore, m.nnzAfter, m.pruned,
                pct(m.weightKeptFraction));
    std::printf("%-22s %11.1f%% %11.1f%%\n", "utilization efficiency", pct(m.utilizationBefore), pct(m.utilizationAfter));
    std::printf("%-22s %12lld %12lld\n", "tiles", m.tilesBefore, m.tilesAfter);
}

void printNetworkSummary(const PackedNetwork& p, double seconds)
{
    const NetworkReport& report = p.packing.report;
    const NetworkTotals& t = report.totals;
    int width = 5;
    for (const LayerFilterMatrix& l : p.layers) width = std::max(width, static_cast<int>(l.name.size()));
    std::printf("%-*s %13s %6s %6s %7s %17s %13s %21s %21s\n", width, "layer", "matrix", "alpha", "cols", "packed", "utilization eff.", "tiles",
                "cycles/sample", "energy/sample (uJ)");
    for (std::size_t k = 0; k < p.packing.results.size(); ++k) {
        const PackingResult& r = p.packing.results[k];
        const PackingMetrics& m = r.metrics;
        const LayerHardware& h = report.layers[k];
        const std::string matrix = std::to_string(m.rows) + " x " + std::to_string(m.cols);
        const bool known = p.layers[k].vectors > 0;
        const std::string cycles = known ? std::to_string(h.cyclesBefore) + " -> " + std::to_string(h.cyclesAfter) : "-";
        char energy[64] = "-";
        if (known) std::snprintf(energy, sizeof energy, "%.2f -> %.2f", h.energyBeforePj * 1e-6, h.energyAfterPj * 1e-6);
        std::printf("%-*s %13s %6d %6d %7d %7.1f%% -> %5.1f%% %5lld -> %5lld %21s %21s\n", width, p.layers[k].name.c_str(), matrix.c_str(), groupWidth(r.params),
                    m.nonzeroColumns, m.arrayColumns, m.utilizationBefore * 100, m.utilizationAfter * 100, m.tilesBefore, m.tilesAfter, cycles.c_str(), energy);
    }
    for (const LayerFilterMatrix& l : p.notPacked) std::printf("%-*s not packed: %s\n", width, l.name.c_str(), l.notPacked.c_str());
    std::printf("network: %d layers, %lld -> %lld nonzeros (%lld pruned, %.1f%% of |w| kept), %lld -> %lld array columns, utilization efficiency "
                "%.1f%% -> %.1f%%, tiles %lld -> %lld",
                t.layers, t.nnzBefore, t.nnzAfter, t.pruned, t.weightKeptFraction * 100, t.nonzeroColumns, t.groups, t.utilizationBefore * 100,
                t.utilizationAfter * 100, t.tilesBefore, t.tilesAfter);
    if (t.layersWithoutVectors < t.layers)
        std::printf(", cycles/sample %lld -> %lld, energy/sample %.2f -> %.2f uJ", t.cyclesBefore, t.cyclesAfter, t.energyBeforePj * 1e-6, t.energyAfterPj * 1e-6);
    if (t.layersWithoutVectors > 0) std::printf(" (%d layers without output positions: no cycles or energy)", t.layersWithoutVectors);
    std::printf("\npacked in %.3f s\n", seconds);
}

} // namespace

Command addPackCommand(CLI::App& app)
{
    auto opts = std::make_shared<PackOptions>();
    CLI::App* sub = app.add_subcommand("pack", "Pack a layer's filter matrix, or every layer of a model, by column combining");
    addNetworkOptions(sub, opts->network);
    addLayerSelection(sub, opts->selection);
    addPackingOptions(sub, opts->packing);
    sub->add_option("--out,-o", opts->out, "Write the packing: .json (as --json prints it) or .npz (packed weights, select indices, groups, masks)");
    sub->add_option("--mem", opts->mem, "Write memory-initialization files (hex, one word per cell) for an RTL array to this folder");
    sub->add_option("--weight-bits", opts->weightBits, "Bits of the quantized weights in --mem files")->check(CLI::Range(2, 16))->capture_default_str();
    sub->add_flag("--json", opts->json, "Print the packing as one JSON object on stdout");
    sub->add_option("--steps", opts->steps, "Write every combining and pruning decision as JSON lines to this file (README: the steps file)");
    sub->add_option("--solver-log", opts->solverLog, "exact: write what the solve did to this file (nothing goes to the terminal)");

    return {sub, [opts] {
        const PackingParams params = resolvePackingOptions(opts->packing);
        const NetworkFile network = readNetwork(opts->network);
        const std::vector<std::size_t> chosen = selectLayers(network, opts->selection, opts->network.input);
        if (!opts->steps.empty() && opts->selection.all) throw UsageError("--steps records one layer's decisions: name it with --layer instead of --all");
        if (!opts->solverLog.empty() && (opts->selection.all || params.method != CombineMethod::Exact))
            throw UsageError("--solver-log records one layer's exact solve: use it with --method exact and --layer");
        const std::string ext = std::filesystem::path(opts->out).extension().string();
        if (!opts->out.empty() && ext != ".json" && ext != ".npz") throw UsageError("--out: '" + opts->out + "' must end in .json or .npz");

        if (!opts->selection.all) {
            const LayerFilterMatrix& layer = network.layers[chosen.front()];
            CombiningSteps steps;
            const PackingParams own = layerParams(network, chosen, params, opts->selection).front();
            const PackingResult result = packLayer(layer.weights, own, opts->steps.empty() ? nullptr : &steps);
            if (!opts->steps.empty()) writeCombiningStepsFile(opts->steps, steps);
            if (!opts->solverLog.empty()) writeFileAtomically(opts->solverLog, result.solverLog);
            nlohmann::json json = packingToJson(result);
            json["name"] = layer.name;
            if (ext == ".json") writeFileAtomically(opts->out, json.dump(1) + "\n");
            if (ext == ".npz") writeNpz(opts->out, packingArchive({&layer, 1}, {&result, 1}));
            if (!opts->mem.empty()) writeMemoryFiles(opts->mem, {&layer, 1}, {&result, 1}, opts->weightBits);
            if (opts->json) std::cout << json.dump() << "\n";
            else printSummary(result);
            return;
        }

        const auto start = std::chrono::steady_clock::now();
        const PackedNetwork packed = packNetwork(network, chosen, params, opts->selection);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::vector<PackingResult>& results = packed.packing.results;
        if (ext == ".npz") writeNpz(opts->out, packingArchive(packed.layers, results), ZipCompression::Fast);
        if (!opts->mem.empty()) writeMemoryFiles(opts->mem, packed.layers, results, opts->weightBits);
        if (opts->json || ext == ".json") {
            const nlohmann::json all = networkPackingToJson(opts->network.input, packed.layers, results, packed.packing.report, packed.notPacked, seconds);
            if (ext == ".json") writeFileAtomically(opts->out, all.dump(1) + "\n");
            if (opts->json) {
                std::cout << all.dump() << "\n";
                return;
            }
        }
        printNetworkSummary(packed, seconds);
    }};
}

} // namespace colcomb::cli
