#pragma once
// A sweep: a grid of configurations over one layer, a model's layers, or a training recipe, as a
// JSON spec states it:
//   {"input": "layer.npy", "grid": {"alpha": [4, 8], "gamma": [0, 0.5], "method": ["pairwise"]}}
//   {"recipe": {"network": "demo", "epochs": 2, "data_fraction": 0.1}, "grid": {"gamma": [0, 0.5]}}
//   {"trainer": {"command": ["python3", "train.py", "--point", "{point}", "--result", "{result}"]},
//    "grid": {"alpha": [4, 8], "gamma": [0.5, 1.75]}}
// The grid's axes (alpha, gamma, method, array, mac, data_bits, data_fraction, epochs, start,
// seed) multiply out in that order, the last varying fastest, so that point k is the same point in
// every run, shard and merge. An axis's value is a list, or one value for a fixed setting. The
// last four axes train, so they need a recipe or a trainer. A point is a JSON object of its axes' values, in
// canonical form (alpha per stage "1,4,8", array "RxC"), which is what results repeat beside the
// metrics and what the cache is keyed by. "grid" may also be a list of such objects: their points
// one grid after the other (N:M beside column combining at its own gammas).
#include "io/NetworkFile.h"
#include "training/TrainingSession.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace colcomb {

// What a training sweep trains: TrainingForm's fields that the grid does not set.
struct SweepRecipe {
    std::string network = "demo";  // a bundled spec's name or a spec file
    std::string dataset = "fashion-mnist";
    std::string dataDir;           // empty: the data set's Debian folder
    int epochs = 2;
    double dataFraction = 1.0;
    std::string pretrained;        // the model a point with start "pretrained" trains further
    std::size_t batch = 128;
    double learningRate = 0.1;
};

// A sweep whose points an outside command trains: a user's network, on the user's GPU. For each
// point the runner writes the point (its grid values and its seed) as a JSON file, runs the
// command with "{point}" and "{result}" in its arguments replaced by that file's path and by the
// path where the command must write its result, {"accuracy": percent, "model": an .onnx or .npz
// (relative to the result file), "groups": {layer: [[columns], ...]} (optional)}, and costs the
// model's layers with those groups (packing the trained weights with the point's parameters where
// none are given). The command runs in the spec's folder; its output goes to a log.
struct SweepTrainer {
    std::vector<std::string> command;
    std::string workingDir;
};

struct SweepSpec {
    std::string path;   // the spec file, if read from one (relative paths are beside it)
    std::string title;  // the spec's "name": what the sweep is for
    std::string name;   // short, in every result line: the spec file's stem (else the title)
    std::string input;  // packing sweep: the weights (any format readNetworkFile reads)
    std::string layer;  // the one layer to pack (empty: every packable layer)
    NetworkImportOptions import;
    long long vectors = 0;  // output positions per sample where the file does not say (0: 1)
    std::optional<SweepRecipe> recipe;  // training sweep
    std::optional<SweepTrainer> trainer;  // training sweep by an outside command
    bool simulate = false;  // also step the cycle-accurate simulator per point, as a check
    nlohmann::json grid = nlohmann::json::array();  // grids, each axis -> list of canonical values
    std::string cache;  // the cache folder from the spec (empty: the caller's default)

    bool trains() const { return recipe.has_value() || trainer.has_value(); }
};

// A recipe's network or pretrained model given as a bundled name ("demo", "lenet5": no folder, no
// extension) rather than a file.
bool isBundledName(const std::string& value);

// The axes in grid order.
const std::vector<std::string>& sweepAxes();

// Throws ParameterError naming the key ("grid.gamma", "recipe.epochs", "input") for unknown keys,
// empty grids, values out of range and contradictions. `baseDir` resolves relative paths.
SweepSpec parseSweepSpec(const nlohmann::json& spec, const std::string& baseDir = {});
// Throws FileError(path, "key: problem") for a file that cannot be read or a spec that is refused.
SweepSpec readSweepSpec(const std::string& path);

// Every point of the grid, in order (point k is element k).
std::vector<nlohmann::json> sweepPoints(const SweepSpec& spec);

// Shard `index` of `count` holds points k with k mod count == index: disjoint, and together all.
struct Shard {
    int index = 0;
    int count = 1;
    bool contains(std::size_t point) const { return static_cast<int>(point % static_cast<std::size_t>(count)) == index; }
};
// "I/N" with 0 <= I < N; throws ParameterError("shard", ...) otherwise.
Shard parseShard(const std::string& text);

} // namespace colcomb
