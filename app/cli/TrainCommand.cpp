#include "Commands.h"
#include "Progress.h"
#include "data/Dataset.h"

#include "io/Workspace.h"
#include "training/TrainingSession.h"

#include <Eigen/Core>

#include <unistd.h>
#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

namespace {

struct TrainOptions {
    TrainingForm form;
    std::string resume;
    std::string addTo;
    bool json = false;
    int threads = 0;
    bool noCombine = false;
};

} // namespace

Command addTrainCommand(CLI::App& app)
{
    auto opts = std::make_shared<TrainOptions>();
    TrainingForm& f = opts->form;
    CLI::App* sub = app.add_subcommand("train", "Train a shift network with prune -> combine -> retrain");
    sub->add_option("--dataset", f.dataset, "Data set")->check(CLI::IsMember(datasetNames()))->capture_default_str();
    sub->add_option("--data-dir", f.dataDir, "Folder of the data set's files (default for fashion-mnist: the Debian package's)");
    sub->add_option("--model", f.network, "Network spec (JSON file), or demo / lenet5 for a bundled one")->capture_default_str();
    sub->add_option("--alpha", f.alpha, "alpha per stage, comma-separated (overrides the spec's)");
    sub->add_option("--gamma", f.gamma, "Conflict budget for column combining")->capture_default_str();
    sub->add_option("--method", f.method, "Grouping strategy: " + methodChoicesText() + " (none: magnitude pruning to 1 - 1/alpha without combining)")
        ->check(CLI::Validator([](std::string& m) { return parseMethodChoice(m) ? std::string() : "not one of " + methodChoicesText(); }, "METHOD"))->capture_default_str();
    sub->add_option("--epochs", f.epochs, "Epochs")->capture_default_str();
    sub->add_option("--data-fraction", f.dataFraction, "Fraction of the training set (stratified, seeded)")->capture_default_str();
    sub->add_option("--from", f.from, "Start from this trained model (a file, or demo-dense / demo-pruned / demo) instead of from scratch");
    sub->add_option("--resume", opts->resume, "Continue a stopped run from its checkpoint");
    sub->add_option("--seed", f.seed, "Seed: initialization, shifts, data order and subsets")->capture_default_str();
    sub->add_option("--out", f.outDir, "Output folder: model.zip and metrics.jsonl")->required();
    sub->add_option("--batch", f.batch, "Batch size")->capture_default_str();
    sub->add_option("--lr", f.learningRate, "Initial learning rate (cosine annealed)")->capture_default_str();
    sub->add_option("--threads", opts->threads, "Threads for the GEMMs (0: all cores)")->capture_default_str();
    sub->add_flag("--no-combine", opts->noCombine, "Plain training: no pruning or column combining");
    sub->add_option("--add-to", opts->addTo, "Add the finished run to this workspace file (created if missing)");
    sub->add_flag("--json", opts->json, "One JSON line per epoch and a final summary line on stdout");

    return {sub, [opts] {
        TrainingForm form = opts->form;
        if (opts->noCombine) form.method = "dense";
        if (!form.from.empty() && !opts->resume.empty()) throw UsageError("--from and --resume exclude each other");
        if (opts->threads > 0) Eigen::setNbThreads(opts->threads);
        TrainingSession session(form, opts->resume);  // refuses a bad option, spec or model before any data is read
        TrainingCallbacks callbacks;
        std::unique_ptr<ProgressLine> bar;
        int shownEpoch = 0;
        callbacks.batch = [&](int epoch, int epochs, const EpochProgress& p) {
            if (epoch != shownEpoch) {
                bar = std::make_unique<ProgressLine>("epoch " + std::to_string(epoch) + "/" + std::to_string(epochs), "batch", !opts->json && isatty(STDERR_FILENO));
                shownEpoch = epoch;
            }
            char loss[32];
            std::snprintf(loss, sizeof loss, "loss %.4f", p.meanLoss);
            bar->show(p.batchesDone, p.batches, loss);
        };
        callbacks.epoch = [&](const nlohmann::json& r) {
            if (shownEpoch == 0) return;  // a resumed run's earlier epochs, reported when they ran
            if (opts->json) std::cout << r.dump() << std::endl;
            else {
                if (bar) bar->clear();
                std::fprintf(stderr, "epoch %d: loss %.4f, test accuracy %.2f%%, %lld nonzeros, utilization %.1f%%, %lld tiles, %.0f images/s\n",
                             r.value("epoch", 0), r.value("train_loss", 0.0), r.value("test_accuracy", 0.0) * 100, r.value("nnz", 0LL),
                             r.value("utilization", 0.0) * 100, r.value("tiles", 0LL), r.value("images_per_second", 0.0));
            }
        };
        TrainingOutcome outcome;
        {
            const InterruptRequest interrupt;
            outcome = session.run(callbacks, interrupt.flag());
        }
        if (outcome.stopped) {
            std::fprintf(stderr, "\nstopped: checkpoint saved to %s; continue with: colcomb train --resume %s --out %s\n", session.modelPath().c_str(),
                         session.modelPath().c_str(), form.outDir.c_str());
            throw std::runtime_error("interrupted");
        }
        nlohmann::json summary = outcome.record.evaluation->toJson();
        summary["summary"] = true;
        summary["model"] = session.modelPath();
        summary["name"] = outcome.record.name;
        if (!opts->addTo.empty()) {
            addRunToWorkspaceFile(opts->addTo, outcome.record);
            summary["workspace"] = opts->addTo;
        }
        if (opts->json) std::cout << summary.dump() << std::endl;
        else std::printf("%s\n", summary.dump(1).c_str());
    }};
}

} // namespace colcomb::cli
