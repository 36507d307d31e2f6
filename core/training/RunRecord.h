#pragma once
// One training run's result as the comparison shows it and a workspace keeps it: the saved model,
// how it was trained, its per-epoch history and its final evaluation. Made in one place for every
// caller: TrainingSession for a run trained here, evaluateRun for a model file added afterwards.
#include "training/ModelEvaluation.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <optional>
#include <string>
#include <vector>

namespace colcomb {

struct RunRecord {
    std::string name;       // shown in the comparison, e.g. "demo, pairwise, gamma 0.5, 100% data"
    std::string modelPath;  // the saved model, absolute
    std::string dataset;
    nlohmann::json settings = nlohmann::json::object();  // TrainSettings::toJson()
    nlohmann::json history = nlohmann::json::array();    // EpochReport::toJson() per epoch
    std::optional<ModelEvaluation> evaluation;            // absent for a run stopped early

    bool operator==(const RunRecord&) const = default;
};

// Appends the run, or replaces the one with the same model file (a stopped run resumed, a model
// evaluated again).
void addOrReplaceRun(std::vector<RunRecord>& runs, RunRecord run);

// A saved model (bundled name or file) evaluated on a data set's test part, as a run record named
// `name` (empty: the file's name without extension). Throws FileError for a bad model file,
// std::invalid_argument for a bad data set, EvaluationCancelled when `cancel` is raised.
RunRecord evaluateRun(const std::string& model, const std::string& dataset, const std::string& dataDir, int bits = 8, std::string name = {},
                      const std::atomic<bool>* cancel = nullptr);

} // namespace colcomb
