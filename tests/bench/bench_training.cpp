// Training speed of the bundled network (resources/models/demo-spec.json): images per second
// for forward + backward + SGD step at batch 128 on random 28 x 28 images. And one evaluation
// pass of the bundled trained model over the 10,000 Fashion-MNIST test images, float or 8-bit
// (what `colcomb evaluate --model demo` runs twice), batch 100.
// Run: build/tests/bench_training  (OMP_NUM_THREADS sets the thread count)
#include "training/Bundled.h"
#include "matrix/RandomMatrix.h"
#include "base/Allocation.h"
#include "nn/Network.h"
#include "data/Dataset.h"
#include "training/ModelFile.h"
#include "training/QuantizedInference.h"
#include "nn/Sgd.h"
#include "training/Trainer.h"

#include <benchmark/benchmark.h>

using namespace colcomb;

namespace {

void trainStep(benchmark::State& state)
{
    Network net = Network::fromSpec(loadNetworkSpec("demo"), 1);
    const int batch = static_cast<int>(state.range(0));
    Tensor x = Tensor::zeros(1, batch, 28, 28);
    SplitMix64 rng(1);
    for (Eigen::Index i = 0; i < x.x.size(); ++i) x.x.data()[i] = static_cast<float>(rng.uniform() * 2 - 1);
    std::vector<int> labels(static_cast<std::size_t>(batch));
    for (int& l : labels) l = rng.below(10);
    Sgd sgd(net.parameters(), {});
    Matrix grad;
    for (auto _ : state) {
        net.zeroGrad();
        const Tensor logits = net.forward(x, true);
        softmaxCrossEntropy(logits.x, labels, grad);
        net.backward({grad, batch, 1, 1});
        sgd.step(0.1f);
    }
    state.counters["images_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()) * batch, benchmark::Counter::kIsRate);
}

void evaluationPass(benchmark::State& state)
{
    Model model = loadModel(modelPath("demo"));
    const Dataset test = loadDatasetByName("fashion-mnist", "", false);
    const bool quantized = state.range(0) == 1;
    double accuracy = 0.0;
    for (auto _ : state) accuracy = quantized ? quantizedAccuracy(model.net, test, 8) : evaluateAccuracy(model.net, test);
    state.counters["accuracy"] = accuracy;
    state.counters["images_per_s"] = benchmark::Counter(static_cast<double>(state.iterations() * test.size()), benchmark::Counter::kIsRate);
}

} // namespace

// Wall time: rates over the main thread's CPU time (the default) overstate multi-threaded work
// whenever that thread waits for the others.
BENCHMARK(trainStep)->Arg(128)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();
BENCHMARK(evaluationPass)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

int main(int argc, char** argv)
{
    colcomb::retainFreedMemory();  // as the colcomb CLI does
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
