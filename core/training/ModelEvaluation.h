#pragma once
// What a trained model is worth, in one record: accuracy in float and quantized for the array,
// and what its filter layers cost on the array, packed with the model's column groups and, for
// comparison, unpacked (the same sparse weights placed one column per input column, which is
// what unstructured pruning alone gives the hardware). The CLI prints it, the studio tabulates
// it and workspaces keep it.
#include "data/Dataset.h"
#include "training/ModelFile.h"
#include "packing/TileGrid.h"
#include "systolic/CostModel.h"

#include <nlohmann/json.hpp>

#include <atomic>

namespace colcomb {

struct LayerEvaluation {
    std::size_t layer = 0;  // index in the network
    std::string type;
    int rows = 0, cols = 0, alpha = 1;
    int groups = 0;  // array columns the layer takes, packed
    long long nnz = 0;
    double utilizationUnpacked = 0.0, utilizationPacked = 0.0;
    long long tilesUnpacked = 0, tilesPacked = 0;

    bool operator==(const LayerEvaluation&) const = default;
};

struct ModelEvaluation {
    double testAccuracy = 0.0;
    double quantizedAccuracy = 0.0;
    int bits = 8;
    long long nnz = 0;
    long long weights = 0;  // every filter-layer weight, pruned or not
    double utilization = 0.0;           // packed: nonzeros / cells, as the released script logs it
    double utilizationUnpacked = 0.0;   // the same weights without column combining
    long long tiles = 0, tilesUnpacked = 0;
    int epochs = 0;
    std::vector<LayerEvaluation> layers;
    // Energy of one sample through the filter layers, in pJ by component, packed and unpacked, on
    // the default 45 nm costs (CostModel.h) under `energyBasis` (the memory scenario). Records
    // written before energy was measured have an empty basis and zeros.
    EnergyBreakdown energy, energyUnpacked;
    std::string energyBasis;

    bool operator==(const ModelEvaluation&) const = default;
    nlohmann::json toJson() const;
    static ModelEvaluation fromJson(const nlohmann::json& j);  // throws std::invalid_argument
};

// The model's packing on the array it was trained for (its settings) and its accuracy on `test`.
// Throws EvaluationCancelled (training/Trainer.h) when `cancel` is raised.
ModelEvaluation evaluateModel(Model& model, const Dataset& test, int bits = 8, const std::atomic<bool>* cancel = nullptr);

} // namespace colcomb
