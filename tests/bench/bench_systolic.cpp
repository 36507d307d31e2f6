// Simulator speed in cell-updates per second (cells x cycles / wall time), on one core.
// Run: build/tests/bench_systolic
#include "matrix/RandomMatrix.h"
#include "packing/Packer.h"
#include "systolic/Simulator.h"

#include <benchmark/benchmark.h>

using namespace colcomb;

namespace {

void simulate(benchmark::State& state, MacMode mac)
{
    const int side = static_cast<int>(state.range(0));
    const int vectors = static_cast<int>(state.range(1));
    // A packed layer that fills the array: side filters, side groups of up to 8 columns.
    PackingParams p;
    p.alpha = 8;
    p.gamma = 0.5;
    const FilterMatrix w = randomSparseMatrix(side, side * 8, 0.125, 11);
    const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, 8);
    const InputBatch x = randomInputs(vectors, w.cols(), 8, false, 3);
    ArrayConfig config;
    config.shape.rows = config.shape.cols = side;
    config.mac = mac;
    long long cellCycles = 0;
    for (auto _ : state) {
        const SimulationResult r = simulateLayer(layer, x, config);
        cellCycles += r.cellCycles;
        benchmark::DoNotOptimize(r.outputs.data());
    }
    state.counters["cell_updates_per_s"] = benchmark::Counter(static_cast<double>(cellCycles), benchmark::Counter::kIsRate);
    state.counters["groups"] = layer.groupCount();
}

// The array alone: one full tile stepped cycle by cycle, no verification.
void machineOnly(benchmark::State& state)
{
    const int side = static_cast<int>(state.range(0));
    const int vectors = static_cast<int>(state.range(1));
    PackingParams p;
    const FilterMatrix w = randomSparseMatrix(side, side * 8, 0.125, 11);
    const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, 8);
    const InputBatch x = randomInputs(vectors, w.cols(), 8, false, 3);
    ArrayConfig config;
    config.shape.rows = config.shape.cols = side;
    SystolicArray array(config);
    const Tile tile = tileGridOf(layer, config).tiles().front();
    long long cellCycles = 0;
    for (auto _ : state) {
        array.startTile(layer, tile, x);
        while (!array.tileDone()) array.step();
        cellCycles += array.cycleInTile() * side * side;
        benchmark::DoNotOptimize(array.tileOutputs().data());
    }
    state.counters["cell_updates_per_s"] = benchmark::Counter(static_cast<double>(cellCycles), benchmark::Counter::kIsRate);
}

} // namespace

BENCHMARK(machineOnly)->Args({128, 256})->Unit(benchmark::kMillisecond);
// simulateLayer runs tiles on every core: wall time.
BENCHMARK_CAPTURE(simulate, bit_parallel, MacMode::BitParallel)->Args({128, 256})->Args({32, 256})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(simulate, bit_serial, MacMode::BitSerial)->Args({128, 64})->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
