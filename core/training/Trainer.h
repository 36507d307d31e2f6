#pragma once
// Mini-batch training and evaluation of a network on a data set: seeded shuffling (the order of
// epoch e depends only on the seed and e, so a resumed run sees the same batches), cosine
// learning rate over all steps, progress reports and cooperative cancellation.
#include "data/Dataset.h"
#include "nn/Network.h"
#include "nn/Sgd.h"

#include <atomic>
#include <functional>
#include <stdexcept>

namespace colcomb {

// Images [first, first + count) of `order` as one batch tensor.
Tensor makeBatch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t first, std::size_t count);

// Thrown by the accuracy passes when their cancel flag is raised.
class EvaluationCancelled : public std::runtime_error {
public:
    EvaluationCancelled() : std::runtime_error("evaluation cancelled") {}
};

// Top-1 accuracy of the logits (classes x batch) a worker's function gives for each batch of
// `data`. The batches are shared out among one worker per core, each made by `makeWorker` on its
// own thread (its own copy of the network: layers keep per-call state) inside one OpenMP team,
// so Eigen's products in a worker run on that worker's core alone. Checks `cancel` between
// batches.
using LogitsOf = std::function<Matrix(Tensor)>;
double classificationAccuracy(const Dataset& data, std::size_t batch, const std::function<LogitsOf()>& makeWorker,
                              const std::atomic<bool>* cancel = nullptr);

// Top-1 accuracy in eval mode (running batch-norm statistics).
double evaluateAccuracy(Network& net, const Dataset& data, std::size_t batch = 100, const std::atomic<bool>* cancel = nullptr);

struct EpochProgress {
    std::size_t batchesDone = 0;  // counted from the epoch's start, resumed batches included
    std::size_t batches = 0;
    double meanLoss = 0.0;
};

struct EpochResult {
    double trainLoss = 0.0;
    bool cancelled = false;
    std::size_t batchesDone = 0;  // where a cancelled epoch stopped: resume from here
};

struct EpochOptions {
    std::size_t batch = 128;
    std::uint64_t seed = 1;
    float baseLr = 0.1f;
    long long totalSteps = 0;    // of the whole run, for the cosine schedule
    std::size_t startBatch = 0;  // resume a stopped epoch here
    bool augment = false;        // random crop (4 pixels of padding) and horizontal flip
};

// One epoch; `step` counts optimizer steps across epochs. `onBatch` may be empty; `cancel` is
// polled between batches. Augmentation is seeded by (seed, epoch, batch), so resuming is exact.
EpochResult trainEpoch(Network& net, Sgd& sgd, const Dataset& data, int epoch, const EpochOptions& options, long long& step,
                       const std::function<void(const EpochProgress&)>& onBatch = {}, const std::atomic<bool>* cancel = nullptr);

// Random crop with `padding` pixels of zero padding and a horizontal flip with probability 1/2,
// per image of the batch.
void augmentBatch(Tensor& batch, std::uint64_t seed, int padding = 4);

std::vector<std::size_t> epochOrder(std::size_t size, int epoch, std::uint64_t seed);

} // namespace colcomb
