#pragma once
// A model file: the network spec, every parameter and mask, the non-trainable state (batch-norm
// statistics, shift offsets), the column groups of every packed layer, the optimizer's momentum
// and the position in training, so that a run resumes exactly and the studio can open it.
// The description is JSON ("format": "colcomb.model", "version": 1). A model file is a zip
// holding it as model.json and every matrix as one float32 .npy member (tensors/3.weight.npy),
// the JSON naming the member; a path ending in .json gets the older all-text form, with the
// matrices inline. Both load, told apart by their first bytes. Saved atomically.
#include "nn/Network.h"
#include "packing/Conflicts.h"

#include <nlohmann/json.hpp>

#include <string>

namespace colcomb {

inline constexpr int kModelFormatVersion = 1;
// What a training run names its checkpoint in its output folder.
inline constexpr const char* kModelFileName = "model.zip";

struct TrainingState {
    std::uint64_t seed = 1;
    int epoch = 0;         // epochs completed
    std::size_t batch = 0; // batches done of the next epoch (a run stopped mid-epoch)
    long long step = 0;    // optimizer steps taken (the cosine schedule's clock)
    std::vector<ColumnGroups> groups;  // per conv layer; empty = not packed
    nlohmann::json settings = nlohmann::json::object();  // how it was trained
    nlohmann::json history = nlohmann::json::array();    // per-epoch metrics
};

struct Model {
    Network net;
    TrainingState state;
    std::vector<Matrix> velocity;  // optimizer momentum, in parameter order (may be empty)
    // Per filter layer, the weights the last pruning step's column-combine pruning masked, with
    // their values (JointOptimizer.h): the next step ranks them again. Empty outside a schedule.
    std::vector<Matrix> conflictPruned;
};

// The model's filter matrices with the column groups it was trained with.
std::vector<LayerFilterMatrix> trainedFilterMatrices(const Model& model);

void saveModel(const std::string& path, Network& net, const TrainingState& state, const std::vector<Matrix>& velocity,
               const std::vector<Matrix>& conflictPruned = {});
// Throws FileError naming the file and what is missing or inconsistent.
Model loadModel(const std::string& path);
Model parseModel(std::string_view bytes, const std::string& name);

} // namespace colcomb
