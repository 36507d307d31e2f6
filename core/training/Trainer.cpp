#include "training/Trainer.h"

#include "matrix/RandomMatrix.h"

#include <omp.h>

#include <exception>
#include <mutex>
#include <numeric>

namespace colcomb {

Tensor makeBatch(const Dataset& data, const std::vector<std::size_t>& order, std::size_t first, std::size_t count)
{
    const int positions = data.height * data.width;
    Tensor t = Tensor::zeros(data.channels, static_cast<int>(count), data.height, data.width);
    for (std::size_t b = 0; b < count; ++b) {
        const float* img = data.image(order[first + b]);
        for (int c = 0; c < data.channels; ++c)
            std::copy_n(img + static_cast<std::size_t>(c) * positions, positions, t.x.row(c).data() + b * static_cast<std::size_t>(positions));
    }
    return t;
}

double classificationAccuracy(const Dataset& data, std::size_t batch, const std::function<LogitsOf()>& makeWorker, const std::atomic<bool>* cancel)
{
    if (data.size() == 0) return 0.0;
    if (batch == 0) throw std::invalid_argument("batch size 0");
    std::vector<std::size_t> order(data.size());
    std::iota(order.begin(), order.end(), 0);
    const std::size_t batches = (data.size() + batch - 1) / batch;
    const int workers = static_cast<int>(std::min<std::size_t>(batches, static_cast<std::size_t>(std::max(1, Eigen::nbThreads()))));
    std::atomic<std::size_t> correct{0};
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::mutex failed;
    std::exception_ptr failure;
    // Exceptions may not leave an OpenMP region: the first is kept and rethrown after it.
#pragma omp parallel num_threads(workers)
    {
        try {
            const LogitsOf logitsOf = makeWorker();
            for (std::size_t k = next++; k < batches && !stop; k = next++) {
                if (cancel && *cancel) throw EvaluationCancelled();
                const std::size_t first = k * batch;
                const std::size_t count = std::min(batch, data.size() - first);
                const Matrix logits = logitsOf(makeBatch(data, order, first, count));
                std::size_t right = 0;
                for (std::size_t b = 0; b < count; ++b) {
                    Eigen::Index best = 0;
                    logits.col(static_cast<Eigen::Index>(b)).maxCoeff(&best);
                    right += best == data.labels[first + b];
                }
                correct += right;
            }
        } catch (...) {
            const std::lock_guard lock(failed);
            if (!failure) failure = std::current_exception();
            stop = true;
        }
    }
    if (failure) std::rethrow_exception(failure);
    return static_cast<double>(correct) / static_cast<double>(data.size());
}

double evaluateAccuracy(Network& net, const Dataset& data, std::size_t batch, const std::atomic<bool>* cancel)
{
    return classificationAccuracy(
        data, batch,
        [&net]() -> LogitsOf {
            auto copy = std::make_shared<Network>(net.clone());
            return [copy](Tensor t) { return copy->forward(t, false).x; };
        },
        cancel);
}

std::vector<std::size_t> epochOrder(std::size_t size, int epoch, std::uint64_t seed)
{
    std::vector<std::size_t> order(size);
    std::iota(order.begin(), order.end(), 0);
    SplitMix64 rng(seed * 7919u + static_cast<std::uint64_t>(epoch) + 1);
    for (std::size_t i = size; i > 1; --i) std::swap(order[i - 1], order[static_cast<std::size_t>(rng.next() % i)]);
    return order;
}

void augmentBatch(Tensor& t, std::uint64_t seed, int padding)
{
    SplitMix64 rng(seed);
    const int p = t.positions();
    std::vector<float> image(static_cast<std::size_t>(p));
    for (int b = 0; b < t.batch; ++b) {
        const int dy = rng.below(2 * padding + 1) - padding;
        const int dx = rng.below(2 * padding + 1) - padding;
        const bool flip = rng.below(2) == 1;
        for (int c = 0; c < t.channels(); ++c) {
            float* px = t.x.row(c).data() + static_cast<std::size_t>(b) * static_cast<std::size_t>(p);
            std::copy_n(px, p, image.begin());
            for (int y = 0; y < t.height; ++y)
                for (int x = 0; x < t.width; ++x) {
                    const int sy = y + dy;
                    const int sx0 = x + dx;
                    const int sx = flip ? t.width - 1 - sx0 : sx0;
                    px[y * t.width + x] = (sy >= 0 && sy < t.height && sx0 >= 0 && sx0 < t.width) ? image[static_cast<std::size_t>(sy * t.width + sx)] : 0.0f;
                }
        }
    }
}

EpochResult trainEpoch(Network& net, Sgd& sgd, const Dataset& data, int epoch, const EpochOptions& o, long long& step,
                       const std::function<void(const EpochProgress&)>& onBatch, const std::atomic<bool>* cancel)
{
    const std::size_t batch = o.batch;
    const std::size_t startBatch = o.startBatch;
    const std::vector<std::size_t> order = epochOrder(data.size(), epoch, o.seed);
    EpochProgress progress;
    progress.batches = (data.size() + batch - 1) / batch;
    progress.batchesDone = startBatch;
    double lossSum = 0.0;
    std::size_t counted = 0;
    Matrix grad;
    std::vector<int> labels;
    for (std::size_t first = startBatch * batch; first < data.size(); first += batch) {
        if (cancel && cancel->load()) return {counted ? lossSum / static_cast<double>(counted) : 0.0, true, progress.batchesDone};
        const std::size_t count = std::min(batch, data.size() - first);
        labels.resize(count);
        for (std::size_t b = 0; b < count; ++b) labels[b] = data.labels[order[first + b]];
        net.zeroGrad();
        Tensor input = makeBatch(data, order, first, count);
        if (o.augment) augmentBatch(input, o.seed * 1000003u + static_cast<std::uint64_t>(epoch) * 100003u + progress.batchesDone);
        const Tensor logits = net.forward(input, true);
        lossSum += softmaxCrossEntropy(logits.x, labels, grad);
        net.backward({grad, static_cast<int>(count), 1, 1});
        sgd.step(cosineLearningRate(o.baseLr, step++, o.totalSteps));
        ++progress.batchesDone;
        ++counted;
        progress.meanLoss = lossSum / static_cast<double>(counted);
        if (onBatch) onBatch(progress);
    }
    return {progress.meanLoss, false, progress.batchesDone};
}

} // namespace colcomb
