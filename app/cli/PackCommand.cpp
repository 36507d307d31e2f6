#include "Commands.h"
#include "PackingOptions.h"

#include "base/AtomicFile.h"
#include "io/CombiningStepsFile.h"
#include "io/MatrixFile.h"
#include "io/PackedLayerFile.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

namespace {

struct PackOptions {
    std::string input;
    std::string out;
    std::string steps;
    bool json = false;
    PackingOptions packing;
};

void printSummary(const PackingResult& r)
{
    const PackingMetrics& m = r.metrics;
    const auto pct = [](double v) { return v * 100.0; };
    std::printf("%d x %d filter matrix, %lld nonzeros; %d nonzero columns, %zu empty columns, %zu empty rows\n", m.rows,
                m.cols, m.nnzBefore, m.nonzeroColumns, r.original.emptyColumns().size(), r.original.emptyRows().size());
    std::printf("method %s, alpha %d, gamma %g (at most %d conflicts per group), array %s\n", methodName(r.params.method).c_str(),
                r.params.alpha, r.params.gamma, m.conflictBudget, arrayShapeText(r.params.array).c_str());
    std::printf("%-22s %12s %12s\n", "", "before", "after");
    std::printf("%-22s %12d %12d   (lower bound %d)\n", "columns / groups", m.nonzeroColumns, m.groups, m.groupsLowerBound.value());
    std::printf("%-22s %12lld %12lld   (%lld pruned, %.1f%% of |w| kept)\n", "nonzeros", m.nnzBefore, m.nnzAfter, m.pruned,
                pct(m.weightKeptFraction));
    std::printf("%-22s %11.1f%% %11.1f%%\n", "utilization efficiency", pct(m.utilizationBefore), pct(m.utilizationAfter));
    std::printf("%-22s %12lld %12lld\n", "tiles", m.tilesBefore, m.tilesAfter);
}

} // namespace

Command addPackCommand(CLI::App& app)
{
    auto opts = std::make_shared<PackOptions>();
    CLI::App* sub = app.add_subcommand("pack", "Pack a layer's filter matrix by column combining");
    sub->add_option("--input,-i", opts->input, "Weights: .npy (2-D filter matrix or 4-D conv weight) or .csv")->required();
    addPackingOptions(sub, opts->packing);
    sub->add_option("--out,-o", opts->out, "Write the packing as JSON to this file");
    sub->add_flag("--json", opts->json, "Print the packing as one JSON object on stdout");
    sub->add_option("--steps", opts->steps, "Write every combining and pruning decision as JSON lines to this file (README: the steps file)");

    return {sub, [opts] {
        const PackingParams params = resolvePackingOptions(opts->packing);
        CombiningSteps steps;
        const PackingResult result = packLayer(loadFilterMatrix(opts->input), params, opts->steps.empty() ? nullptr : &steps);
        if (!opts->steps.empty()) writeCombiningStepsFile(opts->steps, steps);
        const nlohmann::json json = packingToJson(result);
        if (!opts->out.empty()) writeFileAtomically(opts->out, json.dump(1) + "\n");
        if (opts->json) std::cout << json.dump() << "\n";
        else printSummary(result);
    }};
}

} // namespace colcomb::cli
