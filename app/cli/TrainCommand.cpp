#include "Commands.h"

#include "data/Dataset.h"
#include "io/AtomicFile.h"
#include "io/Workspace.h"
#include "nn/Bundled.h"
#include "nn/ModelEvaluation.h"
#include "nn/RunStart.h"
#include "nn/TrainingRun.h"

#include <Eigen/Core>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace colcomb::cli {

namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }

struct TrainOptions {
    std::string dataset = "fashion-mnist";
    std::string dataDir;
    std::string model = "demo";
    std::string alpha;
    double gamma = 0.5;
    std::string method = "pairwise";
    int epochs = 10;
    double dataFraction = 1.0;
    std::string from;
    std::string resume;
    std::uint64_t seed = 1;
    std::string out;
    std::string addTo;
    bool json = false;
    std::size_t batch = 128;
    float lr = 0.1f;
    int threads = 0;
    bool noCombine = false;
};

void progressBar(int epoch, int epochs, const EpochProgress& p, double seconds)
{
    constexpr int kWidth = 30;
    const double done = p.batches ? static_cast<double>(p.batchesDone) / static_cast<double>(p.batches) : 1.0;
    const int filled = static_cast<int>(done * kWidth);
    const double rate = seconds > 0 ? p.batchesDone / seconds : 0.0;
    const double left = rate > 0 ? static_cast<double>(p.batches - p.batchesDone) / rate : 0.0;
    std::fprintf(stderr, "\repoch %d/%d [%.*s%*s] %zu/%zu loss %.4f %.1f batch/s %02d:%02d left ", epoch, epochs, filled,
                 "##############################", kWidth - filled, "", p.batchesDone, p.batches, p.meanLoss, rate,
                 static_cast<int>(left) / 60, static_cast<int>(left) % 60);
}

} // namespace

Command addTrainCommand(CLI::App& app)
{
    auto opts = std::make_shared<TrainOptions>();
    CLI::App* sub = app.add_subcommand("train", "Train a shift network with prune -> combine -> retrain");
    sub->add_option("--dataset", opts->dataset, "Data set")->check(CLI::IsMember({"fashion-mnist", "mnist", "cifar10"}))->capture_default_str();
    sub->add_option("--data-dir", opts->dataDir, "Folder of the data set's files (default for fashion-mnist: the Debian package's)");
    sub->add_option("--model", opts->model, "Network spec (JSON file), or demo / lenet5 for a bundled one")->capture_default_str();
    sub->add_option("--alpha", opts->alpha, "alpha per stage, comma-separated (overrides the spec's)");
    sub->add_option("--gamma", opts->gamma, "Conflict budget for column combining")->capture_default_str();
    sub->add_option("--method", opts->method, "Grouping strategy (none: magnitude pruning to 1 - 1/alpha without combining)")->check(CLI::IsMember(methodNames()))->capture_default_str();
    sub->add_option("--epochs", opts->epochs, "Epochs")->capture_default_str();
    sub->add_option("--data-fraction", opts->dataFraction, "Fraction of the training set (stratified, seeded)")->capture_default_str();
    sub->add_option("--from", opts->from, "Start from this trained model (a file, or demo-dense / demo-pruned / demo) instead of from scratch");
    sub->add_option("--resume", opts->resume, "Continue a stopped run from its checkpoint");
    sub->add_option("--seed", opts->seed, "Seed: initialization, shifts, data order and subsets")->capture_default_str();
    sub->add_option("--out", opts->out, "Output folder: model.json and metrics.jsonl")->required();
    sub->add_option("--batch", opts->batch, "Batch size")->capture_default_str();
    sub->add_option("--lr", opts->lr, "Initial learning rate (cosine annealed)")->capture_default_str();
    sub->add_option("--threads", opts->threads, "Threads for the GEMMs (0: all cores)")->capture_default_str();
    sub->add_flag("--no-combine", opts->noCombine, "Plain training: no pruning or column combining");
    sub->add_option("--add-to", opts->addTo, "Add the finished run to this workspace file (created if missing)");
    sub->add_flag("--json", opts->json, "One JSON line per epoch and a final summary line on stdout");

    return {sub, [opts] {
        if (opts->epochs < 1 || opts->epochs > 100000) throw UsageError("--epochs must be 1..100000");
        if (!(opts->dataFraction > 0.0) || opts->dataFraction > 1.0) throw UsageError("--data-fraction must be in (0, 1]");
        if (opts->batch < 1 || opts->batch > 65536) throw UsageError("--batch must be 1..65536");
        if (!(opts->lr > 0.0f)) throw UsageError("--lr must be > 0");
        if (opts->gamma < 0.0) throw UsageError("--gamma must be >= 0");
        if (!opts->from.empty() && !opts->resume.empty()) throw UsageError("--from and --resume exclude each other");
        if (opts->threads > 0) Eigen::setNbThreads(opts->threads);

        TrainSettings settings;
        std::optional<Model> model;
        if (!opts->resume.empty()) {
            model = loadModel(opts->resume);
            settings = TrainSettings::fromJson(model->state.settings);
        } else {
            settings.epochs = opts->epochs;
            settings.batch = opts->batch;
            settings.sgd.learningRate = opts->lr;
            settings.dataFraction = opts->dataFraction;
            settings.combine = !opts->noCombine;
            settings.augment = opts->dataset == "cifar10";  // the CIFAR-10 recipe's crop and flip
            settings.joint.gamma = opts->gamma;
            settings.joint.method = *parseMethod(opts->method);
            RunStart start{opts->model, {}, opts->from, opts->seed};
            try {
                start.alpha = parseAlphaList(opts->alpha);
                model = startingModel(start);
            } catch (const std::invalid_argument& e) {
                throw UsageError(std::string("--alpha: ") + e.what());
            }
        }
        const Dataset train = loadDatasetByName(opts->dataset, opts->dataDir, true);
        const Dataset test = loadDatasetByName(opts->dataset, opts->dataDir, false);
        std::filesystem::create_directories(opts->out);
        const std::string modelPath = (std::filesystem::path(opts->out) / "model.json").string();
        const std::string metricsPath = (std::filesystem::path(opts->out) / "metrics.jsonl").string();

        TrainingRun run(std::move(*model), train, test, settings);
        g_interrupted = false;
        const auto previous = std::signal(SIGINT, onInterrupt);
        std::string metrics;
        for (const auto& h : run.model().state.history) metrics += h.dump() + "\n";
        while (!run.finished()) {
            const auto started = std::chrono::steady_clock::now();
            const int epoch = run.model().state.epoch + 1;
            const auto report = run.runEpoch(
                [&](const EpochProgress& p) {
                    if (!opts->json) progressBar(epoch, settings.epochs, p, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
                },
                &g_interrupted);
            if (!report) {
                run.save(modelPath);
                std::signal(SIGINT, previous);
                std::fprintf(stderr, "\nstopped: checkpoint saved to %s; continue with: colcomb train --resume %s --out %s\n", modelPath.c_str(),
                             modelPath.c_str(), opts->out.c_str());
                throw std::runtime_error("interrupted");
            }
            metrics += report->toJson().dump() + "\n";
            writeFileAtomically(metricsPath, metrics);
            run.save(modelPath);
            if (opts->json) std::cout << report->toJson().dump() << std::endl;
            else
                std::fprintf(stderr, "\repoch %d/%d: loss %.4f, test accuracy %.2f%%, %lld nonzeros, utilization %.1f%%, %lld tiles, %.0f images/s%*s\n",
                             report->epoch, settings.epochs, report->trainLoss, report->testAccuracy * 100, report->nnz, report->utilization * 100,
                             report->tiles, report->imagesPerSecond, 20, "");
        }
        std::signal(SIGINT, previous);
        const ModelEvaluation evaluation = evaluateModel(run.model(), run.testData());
        nlohmann::json summary = evaluation.toJson();
        summary["summary"] = true;
        summary["model"] = modelPath;
        if (!opts->addTo.empty()) {
            const std::string file = std::filesystem::absolute(modelPath).lexically_normal().string();
            addRunToWorkspaceFile(opts->addTo, {std::filesystem::path(opts->out).filename().string(), file, opts->dataset, run.model().state.settings,
                                                run.model().state.history, evaluation});
            summary["workspace"] = opts->addTo;
        }
        if (opts->json) std::cout << summary.dump() << std::endl;
        else std::printf("%s\n", summary.dump(1).c_str());
    }};
}

} // namespace colcomb::cli
