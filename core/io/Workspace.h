#pragma once
// The workspace: what the studio is working on, saved to one file so that a session can be closed
// and picked up again. It names the open source (a matrix or model file, and the model's layer),
// the packing parameters, the simulation settings, the training form, every training run's
// result (model file, settings, per-epoch history and final evaluation), in the order they ran,
// and the trade-off view (sweep results and the figure drawn from them).
// JSON ("format": "colcomb.workspace", "version": 1). File paths inside it are stored relative to
// the workspace's folder when they lie below it, so a folder of models and its workspace move
// together. Saved atomically.
#include "training/RunRecord.h"
#include "training/TrainingSession.h"
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

inline constexpr int kWorkspaceFormatVersion = 1;

// The Trade-offs tab: the sweep results it draws (files, merged in order) and which figure, with
// the Pareto view's two metrics (names from sweep/Figures.h, checked where they are drawn), and
// the printed size every figure of the studio is exported at.
struct TradeoffView {
    std::vector<std::string> results;
    std::string figure = "gamma";
    std::string sweep;  // the sweep whose results the figure draws (its "sweep" name); empty: every result
    std::string x = "utilization_after";
    std::string y = "accuracy";
    double widthMm = 89.0;  // one column of a two-column paper
    double heightMm = 0.0;  // 0: three quarters of the width
    int dpi = 300;          // PNG
    bool barValues = false;  // bar figures: each bar's value printed on it
    bool operator==(const TradeoffView&) const = default;
};

// Empty when a figure can be printed at this size, else what is wrong: width 10 to 1000 mm,
// height 0 (three quarters of the width) or 10 to 1000 mm, 30 to 2400 dpi.
std::string validatePrintSize(double widthMm, double heightMm, int dpi);

// The systolic-array view's run: how the MACs take their data and how many input vectors go
// through the packed layer.
struct SimulationSettings {
    MacMode mac = MacMode::BitParallel;
    int vectors = 16;
    bool operator==(const SimulationSettings&) const = default;
};

// The layer the matrix and array views show: a file (for a model, one of its layers) packed with
// these parameters. A saved workspace and the studio's undo steps hold this same shape.
struct LayerSource {
    std::string path;  // matrix or model file (absolute once loaded); empty: a layer made in the studio
    int layer = -1;    // the model's selected layer (-1: its first packed one)
    PackingParams packing;
    bool trainedGroups = true;  // a trained model's layer shown with the groups it was trained with
    std::vector<int> layerAlphas;  // a model's per-layer alphas, its packable layers in order (empty: as trained)
    bool operator==(const LayerSource&) const = default;
};

struct Workspace {
    LayerSource source;  // path empty: the demo layer
    SimulationSettings simulation;
    TrainingForm training;
    std::vector<RunRecord> runs;
    TradeoffView tradeoffs;

    bool operator==(const Workspace&) const = default;
};

// Adds the run to a workspace file (created if missing), replacing one with the same model file.
void addRunToWorkspaceFile(const std::string& path, RunRecord run);

nlohmann::json workspaceToJson(const Workspace& ws, const std::string& folder);
// Throws FileError naming the file and the field that is wrong; `folder` resolves relative paths.
Workspace parseWorkspace(std::string_view text, const std::string& name, const std::string& folder);
void saveWorkspace(const std::string& path, const Workspace& ws);
Workspace loadWorkspace(const std::string& path);

} // namespace colcomb
