#pragma once
// Mini-batch training and evaluation of a network on a data set: seeded shuffling (the order of
// epoch e depends only on the seed and e, so a resumed run sees the same batches), cosine
// learning rate over all steps, progress reports and cooperative cancellation.
#include "data/Dataset.h"
#include "nn/Network.h"
#include "nn/Sgd.h"

#include <atomic>
#include <functional>

namespace colcomb {

// Images [first, first + count) of `order` as one batch tensor.
Tensor makeBatch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t first, std::size_t count);

// Top-1 accuracy in eval mode (running batch-norm statistics).
double evaluateAccuracy(Network& net, const Dataset& data, std::size_t batch = 100);

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

// One epoch from batch `startBatch` on; `step` counts optimizer steps across epochs (for the
// cosine schedule). `onBatch` may be empty; `cancel` is polled between batches.
EpochResult trainEpoch(Network& net, Sgd& sgd, const Dataset& data, int epoch, std::size_t batch, std::uint64_t seed, float baseLr,
                       long long& step, long long totalSteps, std::size_t startBatch = 0,
                       const std::function<void(const EpochProgress&)>& onBatch = {}, const std::atomic<bool>* cancel = nullptr);

std::vector<std::size_t> epochOrder(std::size_t size, int epoch, std::uint64_t seed);

} // namespace colcomb
