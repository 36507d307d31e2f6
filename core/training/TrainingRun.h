#pragma once
// A whole training run: the joint optimization schedule (prune -> combine at its epochs, L1 until
// the last pruning step), SGD with cosine annealing, and per-epoch measurement (test accuracy,
// nonzeros, utilization, tiles). Runs epoch by epoch, can be cancelled between batches, and keeps
// everything needed to save a checkpoint that resumes exactly.
#include "training/JointOptimizer.h"
#include "training/ModelFile.h"
#include "training/Trainer.h"

#include <optional>

namespace colcomb {

struct TrainSettings {
    int epochs = 10;
    std::size_t batch = 128;
    SgdSettings sgd;
    double dataFraction = 1.0;
    bool combine = true;  // false: plain training, no pruning (a dense baseline)
    bool augment = false; // random crop and flip (the CIFAR-10 recipe)
    JointSettings joint;
    ArrayShape array{32, 32};

    nlohmann::json toJson() const;
    static TrainSettings fromJson(const nlohmann::json& j);
};

struct EpochReport {
    int epoch = 0;  // 1-based
    double trainLoss = 0.0;
    double testAccuracy = 0.0;
    long long nnz = 0;
    double utilization = 0.0;
    long long tiles = 0;
    double seconds = 0.0;
    double imagesPerSecond = 0.0;
    nlohmann::json toJson() const;
};

class TrainingRun {
public:
    // `model` is trained further: from scratch (a fresh network), from a pretrained one, or
    // resumed from a checkpoint (its state.epoch/batch/step and velocity are honoured).
    TrainingRun(Model model, Dataset train, Dataset test, TrainSettings settings);

    bool finished() const { return m_model.state.epoch >= m_settings.epochs; }
    // Trains the next epoch (or the rest of a stopped one). Returns nothing if cancelled; the
    // model then holds a resumable checkpoint of where it stopped.
    std::optional<EpochReport> runEpoch(const std::function<void(const EpochProgress&)>& onBatch = {},
                                        const std::atomic<bool>* cancel = nullptr);
    void save(const std::string& path);
    Model& model() { return m_model; }
    const Dataset& trainData() const { return m_train; }
    const Dataset& testData() const { return m_test; }
    const TrainSettings& settings() const { return m_settings; }

private:
    Model m_model;
    Dataset m_train;
    Dataset m_test;
    TrainSettings m_settings;
    Sgd m_sgd;
};

} // namespace colcomb
