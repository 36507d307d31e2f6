// One CIFAR-10-sized sample through a 20-layer shift network (the released recipe's shape: a 1x1
// stem 3 -> 128, six 1x1 layers each at widths 128, 256, 512 with strides 1, 2, 2 and alpha 1, 4,
// 8, and the 512 -> 10 classifier), every layer packed (pairwise, gamma 0.5) from random weights
// at the recipe's target density 1/alpha and simulated cycle by cycle on one 128 x 128 array.
// Run: build/tests/bench_network
#include "matrix/RandomMatrix.h"
#include "packing/PackLayers.h"
#include "packing/Packer.h"
#include "systolic/NetworkLatency.h"
#include "systolic/Simulator.h"

#include <benchmark/benchmark.h>

#include <cmath>

using namespace colcomb;

namespace {

struct NetworkLayerData {
    QuantizedLayer layer;
    InputBatch inputs;
};

std::vector<NetworkLayerData> shiftNetwork()
{
    struct Spec {
        int out, in, alpha, side;
    };
    std::vector<Spec> specs{{128, 3, 1, 32}};
    const int widths[] = {128, 256, 512};
    const int alphas[] = {1, 4, 8};
    const int sides[] = {32, 16, 8};
    int in = 128;
    for (int s = 0; s < 3; ++s)
        for (int k = 0; k < 6; ++k) {
            specs.push_back({widths[s], in, alphas[s], sides[s]});
            in = widths[s];
        }
    specs.push_back({10, 512, 1, 1});
    std::vector<NetworkLayerData> layers;
    std::uint64_t seed = 1;
    for (const Spec& s : specs) {
        PackingParams p;
        p.alpha = s.alpha;
        p.gamma = 0.5;
        const FilterMatrix w = randomSparseMatrix(s.out, s.in, 1.0 / s.alpha, seed++);
        layers.push_back({quantizeForArray(packLayer(w, p).packed, 8), randomInputs(s.side * s.side, s.in, 8, false, seed++)});
    }
    return layers;
}

void wholeNetworkSample(benchmark::State& state)
{
    const std::vector<NetworkLayerData> network = shiftNetwork();
    ArrayConfig config;
    config.shape.rows = config.shape.cols = 128;
    long long cellCycles = 0;
    bool verified = true;
    for (auto _ : state) {
        for (const NetworkLayerData& l : network) {
            const SimulationResult r = simulateLayer(l.layer, l.inputs, config);
            cellCycles += r.cellCycles;
            verified = verified && r.verified;
        }
    }
    state.counters["layers"] = static_cast<double>(network.size());
    state.counters["cell_updates_per_s"] = benchmark::Counter(static_cast<double>(cellCycles), benchmark::Counter::kIsRate);
    state.counters["verified"] = verified ? 1 : 0;
}

void networkLatencyModel(benchmark::State& state)
{
    const std::vector<NetworkLayerData> network = shiftNetwork();
    std::vector<NetworkLayer> layers;
    long long previous = 0;
    for (const NetworkLayerData& l : network) {
        const long long vectors = l.inputs.rows();
        const int side = static_cast<int>(std::lround(std::sqrt(static_cast<double>(vectors))));
        layers.push_back({l.layer.rows(), l.layer.groupCount(), vectors, previous > vectors ? static_cast<int>(previous / vectors) : 1, side + 1});
        previous = vectors;
    }
    ArrayConfig config;
    config.shape.rows = config.shape.cols = 128;
    NetworkLatency latency;
    for (auto _ : state) benchmark::DoNotOptimize(latency = networkLatency(layers, config));
    state.counters["shared_cycles"] = static_cast<double>(latency.sharedCycles);
    state.counters["pipelined_cycles"] = static_cast<double>(latency.pipelinedCycles);
}

} // namespace

// Packing every layer of a ResNet-50-shaped network at once: its 53 convolutions and the
// classifier as filter matrices (out x in*k*k), 80 % of the weights zero, about 23.5 M weights;
// pairwise, alpha 8, gamma 0.5, 256-column sections. Arg: threads.
const std::vector<FilterMatrix>& resnet50Layers()
{
    static const std::vector<FilterMatrix> layers = [] {
        struct Shape { int out, in, k, repeat; };
        std::vector<Shape> shapes{{64, 3, 7, 1}};
        const int widths[] = {64, 128, 256, 512};
        const int blocks[] = {3, 4, 6, 3};
        int in = 64;
        for (int stage = 0; stage < 4; ++stage) {
            const int w = widths[stage];
            for (int b = 0; b < blocks[stage]; ++b) {
                shapes.push_back({w, in, 1, 1});
                shapes.push_back({w, w, 3, 1});
                shapes.push_back({4 * w, w, 1, 1});
                if (b == 0) shapes.push_back({4 * w, in, 1, 1});  // the projection shortcut
                in = 4 * w;
            }
        }
        shapes.push_back({1000, 2048, 1, 1});
        std::vector<FilterMatrix> out;
        std::uint64_t seed = 1;
        for (const Shape& s : shapes) out.push_back(randomSparseMatrix(s.out, s.in * s.k * s.k, 0.2, seed++));
        return out;
    }();
    return layers;
}

void packResnet50(benchmark::State& state)
{
    const std::vector<FilterMatrix>& layers = resnet50Layers();
    const std::vector<PackingParams> params(layers.size());
    long long weights = 0;
    for (const FilterMatrix& m : layers) weights += static_cast<long long>(m.rows()) * m.cols();
    for (auto _ : state) benchmark::DoNotOptimize(packLayers(layers, params, static_cast<unsigned>(state.range(0))));
    state.counters["layers"] = static_cast<double>(layers.size());
    state.counters["weights"] = static_cast<double>(weights);
}

BENCHMARK(packResnet50)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->Iterations(2)->UseRealTime();
BENCHMARK(wholeNetworkSample)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();  // tiles on every core: wall time
BENCHMARK(networkLatencyModel)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
