#include "training/TrainingSession.h"

#include "data/Dataset.h"
#include "base/AtomicFile.h"
#include "base/ParameterError.h"
#include "base/PrintableText.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
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

// The first thing wrong with the form, naming its field as a workspace file does.
std::optional<ParameterError> formProblem(const TrainingForm& form)
{
    if (form.epochs < 1 || form.epochs > 100000) return ParameterError("epochs", "'epochs' must be 1..100000");
    if (!(form.dataFraction > 0.0) || form.dataFraction > 1.0) return ParameterError("data_fraction", "'data_fraction' must be in (0, 1]");
    if (form.batch < 1 || form.batch > 65536) return ParameterError("batch", "'batch' must be 1..65536");
    if (!(form.learningRate > 0.0)) return ParameterError("lr", "'lr' must be > 0");
    if (!(form.gamma >= 0.0)) return ParameterError("gamma", "'gamma' must be >= 0");
    if (!parseMethodChoice(form.method) && form.method != "dense")
        return ParameterError("method", "'method' must be one of " + methodChoicesText() + ", dense (not '" + printableText(form.method) + "')");
    if (std::find(datasetNames().begin(), datasetNames().end(), form.dataset) == datasetNames().end())
        return ParameterError("dataset", "'dataset' must be one of fashion-mnist, mnist, cifar10 (not '" + printableText(form.dataset) + "')");
    return std::nullopt;
}

} // namespace

std::string validateTrainingForm(const TrainingForm& form)
{
    const std::optional<ParameterError> problem = formProblem(form);
    return problem ? problem->what() : std::string();
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
    const MethodChoice method = parseMethodChoice(form.method).value_or(MethodChoice{});
    settings.joint.method = method;
    return settings;
}

RunStart runStartOf(const TrainingForm& form) { return {form.network, parseAlphaList(form.alpha), form.from, form.seed}; }

std::string runName(const TrainingForm& form)
{
    std::string name = form.from.empty() ? baseName(form.network) : "from " + baseName(form.from);
    name += ", " + form.method;
    if (form.method != "dense" && form.alpha.find_first_not_of(' ') != std::string::npos) name += ", alpha " + form.alpha;
    if (const auto m = parseMethodChoice(form.method); m && !isStructural(m->method) && m->method != CombineMethod::None)
        name += ", gamma " + shortNumber(form.gamma);
    return name + ", " + shortNumber(form.dataFraction * 100) + "% data";
}

TrainingSession::TrainingSession(TrainingForm form, std::string resumeFrom)
    : m_form(std::move(form)), m_modelPath(fs::absolute(fs::path(m_form.outDir) / kModelFileName).lexically_normal().string()),
      m_metricsPath(fs::absolute(fs::path(m_form.outDir) / "metrics.jsonl").lexically_normal().string())
{
    if (const std::optional<ParameterError> problem = formProblem(m_form)) throw *problem;
    if (m_form.outDir.empty()) throw ParameterError("out", "the output folder is not set");
    // A form may be saved without its data folder; a run cannot start without one.
    if (m_form.dataDir.empty() && !datasetHasDefaultFolder(m_form.dataset))
        throw ParameterError("data_dir", m_form.dataset + " needs the folder with its files (nothing is downloaded)");
    if (!resumeFrom.empty()) {
        m_start = loadModel(resumeFrom);
        m_settings = TrainSettings::fromJson(m_start.state.settings);
    } else {
        m_start = startingModel(runStartOf(m_form));
        m_settings = trainSettingsOf(m_form);
    }
}

TrainingOutcome TrainingSession::run(const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel)
{
    const auto phase = [&](const char* text) {
        if (callbacks.phase) callbacks.phase(text);
    };
    const TrainSettings& settings = m_settings;
    phase("loading the data set");
    TrainingRun training(std::move(m_start), loadDatasetByName(m_form.dataset, m_form.dataDir, true),
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
