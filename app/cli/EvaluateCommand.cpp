#include "Commands.h"
#include "data/Dataset.h"

#include "io/PackedLayerFile.h"
#include "io/Workspace.h"
#include "training/QuantizedInference.h"
#include "training/RunRecord.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

Command addEvaluateCommand(CLI::App& app)
{
    struct Options {
        std::string model = "demo";
        std::string dataset = "fashion-mnist";
        std::string dataDir;
        int bits = 8;
        std::string exportDir;
        std::string addTo;
        std::string name;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand("evaluate", "Test accuracy, quantized accuracy and packing of a trained model");
    sub->add_option("--model", opts->model, "Model file, or demo / demo-dense / demo-pruned for the bundled ones")->capture_default_str();
    sub->add_option("--dataset", opts->dataset, "Data set")->check(CLI::IsMember(datasetNames()))->capture_default_str();
    sub->add_option("--data-dir", opts->dataDir, "Folder of the data set's files");
    sub->add_option("--bits", opts->bits, "Bits for the quantized accuracy")->capture_default_str();
    sub->add_option("--export-packed", opts->exportDir, "Write every packed layer (folded, quantized) as a packed-layer file here");
    sub->add_option("--add-to", opts->addTo, "Add the result as a run to this workspace file (created if missing)");
    sub->add_option("--name", opts->name, "The run's name in the workspace (default: the model file's name)");
    sub->add_flag("--json", opts->json, "Print one JSON object on stdout");

    return {sub, [opts] {
        if (opts->bits < 2 || opts->bits > 16) throw UsageError("--bits must be 2..16");
        if (!datasetHasDefaultFolder(opts->dataset) && opts->dataDir.empty()) throw UsageError("--data-dir is needed for " + opts->dataset);
        const RunRecord run = evaluateRun(opts->model, opts->dataset, opts->dataDir, opts->bits, opts->name);
        nlohmann::json j = run.evaluation->toJson();
        j["model"] = opts->model;
        if (!opts->addTo.empty()) {
            addRunToWorkspaceFile(opts->addTo, run);
            j["workspace"] = opts->addTo;
        }
        if (!opts->exportDir.empty()) {
            Model model = loadModel(run.modelPath);
            j["exported"] = writePackedLayerFiles(model, opts->exportDir, opts->bits);
        }
        if (opts->json) std::cout << j.dump() << "\n";
        else std::printf("%s\n", j.dump(1).c_str());
    }};
}

} // namespace colcomb::cli
