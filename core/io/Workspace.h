#pragma once
// The workspace: what the studio is working on, saved to one file so that a session can be closed
// and picked up again. It names the open source (a matrix or model file, and the model's layer),
// the packing parameters, the simulation settings, the training form, and every training run's
// result (model file, settings, per-epoch history and final evaluation), in the order they ran.
// JSON ("format": "colcomb.workspace", "version": 1). File paths inside it are stored relative to
// the workspace's folder when they lie below it, so a folder of models and its workspace move
// together. Saved atomically.
#include "nn/ModelEvaluation.h"
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

inline constexpr int kWorkspaceFormatVersion = 1;

// One training run's result.
struct WorkspaceRun {
    std::string name;       // shown in the comparison, e.g. "demo, alpha 1,4,8, gamma 0.5"
    std::string modelPath;  // the saved model (absolute once loaded)
    std::string dataset;
    nlohmann::json settings = nlohmann::json::object();  // TrainSettings::toJson()
    nlohmann::json history = nlohmann::json::array();    // EpochReport::toJson() per epoch
    std::optional<ModelEvaluation> evaluation;            // absent for a run stopped early
};

// The training form as the user left it.
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
    std::string from;     // pretrained model to start from (empty: from scratch)
    std::string outDir;
};

struct Workspace {
    std::string source;  // matrix or model file (absolute once loaded); empty: the demo layer
    int layer = -1;      // the model's selected layer (-1: its first packed one)
    PackingParams packing;
    bool trainedGroups = true;  // a trained model's layer shown with the groups it was trained with
    MacMode mac = MacMode::BitParallel;
    int vectors = 16;  // input vectors the array panel simulates
    TrainingForm training;
    std::vector<WorkspaceRun> runs;
};

// Appends the run, or replaces the one with the same model file (a stopped run resumed, a model
// evaluated again).
void addOrReplaceRun(std::vector<WorkspaceRun>& runs, WorkspaceRun run);

// The same on a workspace file, created if missing.
void addRunToWorkspaceFile(const std::string& path, WorkspaceRun run);

nlohmann::json workspaceToJson(const Workspace& ws, const std::string& folder);
// Throws FileError naming the file and the field that is wrong; `folder` resolves relative paths.
Workspace parseWorkspace(std::string_view text, const std::string& name, const std::string& folder);
void saveWorkspace(const std::string& path, const Workspace& ws);
Workspace loadWorkspace(const std::string& path);

} // namespace colcomb
