#pragma once
// A training session: what `colcomb train` and the studio's Training tab both run. It starts a
// run (fresh from a spec, from a pretrained model, or resumed from a checkpoint), loads the data,
// trains epoch by epoch saving a resumable checkpoint (model.zip) and the per-epoch metrics
// (metrics.jsonl) after each one, can be cancelled between batches, evaluates the finished model
// and hands back its run record. Callers only choose how to show progress.
#include "training/RunRecord.h"
#include "training/RunStart.h"
#include "training/TrainingRun.h"

#include <atomic>
#include <functional>
#include <string>

namespace colcomb {

// A training request, as the studio's form shows it and a workspace keeps it; the CLI's options
// fill the same fields.
struct TrainingForm {
    std::string dataset = "fashion-mnist";
    std::string dataDir;
    std::string network = "demo";
    std::string alpha;  // per stage, e.g. "1,4,8"; empty: the spec's own
    double gamma = 0.5;
    std::string method = "pairwise";  // a CombineMethod's name, or "dense": no pruning at all
    int epochs = 10;
    double dataFraction = 1.0;
    std::uint64_t seed = 1;
    std::string from;  // pretrained model to start from (empty: from scratch)
    std::string outDir;
    std::size_t batch = 128;
    double learningRate = 0.1;

    bool operator==(const TrainingForm&) const = default;
};

// Empty when the form can start a run, else what is wrong, naming the field.
std::string validateTrainingForm(const TrainingForm& form);
TrainSettings trainSettingsOf(const TrainingForm& form);
// Throws std::invalid_argument for an alpha list that does not parse.
RunStart runStartOf(const TrainingForm& form);
// The comparison's label: what sets this run apart, e.g. "demo, pairwise, gamma 0.5, 10% data".
std::string runName(const TrainingForm& form);

struct TrainingCallbacks {
    std::function<void(const std::string& phase)> phase;  // loading data, evaluating
    std::function<void(int epoch, int epochs, const EpochProgress&)> batch;
    // Each finished epoch's report (JSON), the earlier epochs of a resumed run included.
    std::function<void(const nlohmann::json& report)> epoch;
};

struct TrainingOutcome {
    bool stopped = false;  // cancelled: the checkpoint resumes it
    RunRecord record;      // evaluated when finished; settings and history only when stopped
};

class TrainingSession {
public:
    // `resumeFrom`: a checkpoint to continue (its own settings apply); empty: a new run as the
    // form says. Every check a request gets happens here, before any data is read, so that the
    // CLI and the studio refuse the same requests with the same words: ParameterError naming the
    // field for a form validateTrainingForm refuses, an output folder that is not set, or an alpha
    // list, spec or pretrained model that cannot start a run (startingModel); FileError for a
    // spec, model or checkpoint that cannot be read. The starting model is loaded here, once.
    explicit TrainingSession(TrainingForm form, std::string resumeFrom = {});

    const std::string& modelPath() const { return m_modelPath; }
    const std::string& metricsPath() const { return m_metricsPath; }
    // Runs to the end or until `cancel` is raised; once per session. Throws FileError for a data
    // set that cannot be read.
    TrainingOutcome run(const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel = nullptr);

private:
    TrainingForm m_form;
    std::string m_modelPath;
    std::string m_metricsPath;
    Model m_start;
    TrainSettings m_settings;
};

} // namespace colcomb
