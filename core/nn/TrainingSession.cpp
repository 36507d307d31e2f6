#include "nn/TrainingSession.h"

#include "data/Dataset.h"
#include "base/AtomicFile.h"
#include "base/PrintableText.h"

#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace colcomb {

namespace fs = std::filesystem;

namespace {

// 0.5 -> "0.5", 100 -> "100", 2.5 -> "2.5": the shortest form a person writes.
std::string shortNumber(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", v);
    return text;
}

// "specs/demo.json" -> "demo"; a bundled name stays as it is.
std::string baseName(const std::string& path)
{
    const std::string file = fs::path(path).filename().string();
    return file.substr(0, file.find('.'));
}

} // namespace

std::string validateTrainingForm(const TrainingForm& form)
{
    if (form.epochs < 1 || form.epochs > 100000) return "'epochs' must be 1..100000";
    if (!(form.dataFraction > 0.0) || form.dataFraction > 1.0) return "'data_fraction' must be in (0, 1]";
    if (form.batch < 1 || form.batch > 65536) return "'batch' must be 1..65536";
    if (!(form.learningRate > 0.0)) return "'lr' must be > 0";
    if (!(form.gamma >= 0.0)) return "'gamma' must be >= 0";
    if (!parseMethod(form.method) && form.method != "dense")
        return "'method' must be one of pairwise, greedy, none, dense (not '" + printableText(form.method) + "')";
    return {};
}

TrainSettings trainSettingsOf(const TrainingForm& form)
{
    TrainSettings settings;
    settings.epochs = form.epochs;
    settings.batch = form.batch;
    settings.sgd.learningRate = static_cast<float>(form.learningRate);
    settings.dataFraction = form.dataFraction;
    settings.combine = form.method != "dense";
    settings.augment = form.dataset == "cifar10";  // the CIFAR-10 recipe's crop and flip
    settings.joint.gamma = form.gamma;
    settings.joint.method = parseMethod(form.method).value_or(CombineMethod::Pairwise);
    return settings;
}

RunStart runStartOf(const TrainingForm& form) { return {form.network, parseAlphaList(form.alpha), form.from, form.seed}; }

std::string runName(const TrainingForm& form)
{
    std::string name = form.from.empty() ? baseName(form.network) : "from " + baseName(form.from);
    name += ", " + form.method;
    if (form.method != "dense" && form.alpha.find_first_not_of(' ') != std::string::npos) name += ", alpha " + form.alpha;
    if (form.method == "pairwise" || form.method == "greedy") name += ", gamma " + shortNumber(form.gamma);
    return name + ", " + shortNumber(form.dataFraction * 100) + "% data";
}

TrainingSession::TrainingSession(TrainingForm form, std::string resumeFrom)
    : m_form(std::move(form)), m_resumeFrom(std::move(resumeFrom)),
      m_modelPath(fs::absolute(fs::path(m_form.outDir) / kModelFileName).lexically_normal().string()),
      m_metricsPath(fs::absolute(fs::path(m_form.outDir) / "metrics.jsonl").lexically_normal().string())
{
    if (m_form.outDir.empty()) throw std::invalid_argument("the output folder is not set");
    if (const std::string problem = validateTrainingForm(m_form); !problem.empty()) throw std::invalid_argument(problem);
}

TrainingOutcome TrainingSession::run(const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel)
{
    const auto phase = [&](const char* text) {
        if (callbacks.phase) callbacks.phase(text);
    };
    TrainSettings settings = trainSettingsOf(m_form);
    Model model;
    if (!m_resumeFrom.empty()) {
        model = loadModel(m_resumeFrom);
        settings = TrainSettings::fromJson(model.state.settings);
    } else {
        model = startingModel(runStartOf(m_form));
    }
    phase("loading the data set");
    TrainingRun training(std::move(model), loadDatasetByName(m_form.dataset, m_form.dataDir, true),
                         loadDatasetByName(m_form.dataset, m_form.dataDir, false), settings);
    fs::create_directories(m_form.outDir);

    std::string metrics;
    for (const nlohmann::json& h : training.model().state.history) {
        metrics += h.dump() + "\n";
        if (callbacks.epoch) callbacks.epoch(h);
    }
    TrainingOutcome outcome;
    outcome.record.name = runName(m_form);
    outcome.record.modelPath = m_modelPath;
    outcome.record.dataset = m_form.dataset;
    const auto keepState = [&] {
        outcome.record.settings = training.model().state.settings;
        outcome.record.history = training.model().state.history;
    };
    while (!training.finished()) {
        const int epoch = training.model().state.epoch + 1;
        const auto report = training.runEpoch(
            [&](const EpochProgress& p) {
                if (callbacks.batch) callbacks.batch(epoch, settings.epochs, p);
            },
            cancel);
        training.save(m_modelPath);
        keepState();
        if (!report) {
            outcome.stopped = true;
            return outcome;
        }
        metrics += report->toJson().dump() + "\n";
        writeFileAtomically(m_metricsPath, metrics);
        if (callbacks.epoch) callbacks.epoch(report->toJson());
    }
    keepState();
    phase("evaluating the trained model (float and 8-bit)");
    try {
        outcome.record.evaluation = evaluateModel(training.model(), training.testData(), 8, cancel);
    } catch (const EvaluationCancelled&) {
        outcome.stopped = true;
    }
    return outcome;
}

} // namespace colcomb
