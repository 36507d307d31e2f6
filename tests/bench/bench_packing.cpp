// Packing speed on the reference layer of the README's speed table: 512 x 512 at 12.5% density
// (colcomb generate --seed 42), alpha 8, gamma 0.5.
// Run: build/tests/bench_packing [--benchmark_filter=...]
#include "matrix/RandomMatrix.h"
#include "base/Allocation.h"
#include "packing/ColumnCombiner.h"
#include "packing/ColumnCombinePruning.h"
#include "packing/GroupLowerBound.h"
#include "packing/Packer.h"
#include "packing/ReductionGroups.h"

#include <benchmark/benchmark.h>

using namespace colcomb;

namespace {

const FilterMatrix& referenceLayer()
{
    static const FilterMatrix m = randomSparseMatrix(512, 512, 0.125, 42);
    return m;
}

void combineOnly(benchmark::State& state, CombineMethod method, int section)
{
    const SparsityPattern pattern(referenceLayer());
    const CombineLimits limits{8, conflictBudget(0.5, 512)};
    const auto combiner = makeCombiner(method, section);
    std::size_t groups = 0;
    for (auto _ : state) {
        ColumnGroups g = combiner->combine(pattern, limits);
        groups = g.size();
        benchmark::DoNotOptimize(g);
    }
    state.counters["groups"] = static_cast<double>(groups);
}

void fullPacking(benchmark::State& state, CombineMethod method)
{
    PackingParams p;
    p.method = method;
    for (auto _ : state) benchmark::DoNotOptimize(packLayer(referenceLayer(), p));
}

// The same packing while recording every decision (CombiningSteps): the cost of listening.
// Without a listener the combiners only test for one, once per decision.
void packingWithSteps(benchmark::State& state, CombineMethod method)
{
    PackingParams p;
    p.method = method;
    std::size_t steps = 0;
    for (auto _ : state) {
        CombiningSteps recorded;
        benchmark::DoNotOptimize(packLayer(referenceLayer(), p, &recorded));
        steps = recorded.steps.size();
    }
    state.counters["steps"] = static_cast<double>(steps);
}

// What packLayer does after combining, part by part, with the pairwise groups.
void afterCombining(benchmark::State& state, int part)
{
    const FilterMatrix& w = referenceLayer();
    const SparsityPattern pattern(w);
    const ColumnGroups groups = makeCombiner(CombineMethod::Pairwise, 256)->combine(pattern, {8, conflictBudget(0.5, 512)});
    const FilterMatrix pruned = columnCombinePrune(w, groups);
    const PackedLayer packed(pruned, groups);
    for (auto _ : state) {
        switch (part) {
        case 0: benchmark::DoNotOptimize(SparsityPattern(w)); break;
        case 1: benchmark::DoNotOptimize(columnCombinePrune(w, pattern, groups)); break;
        case 2: benchmark::DoNotOptimize(PackedLayer(pruned, groups)); break;
        case 3: benchmark::DoNotOptimize(groupsLowerBound(pattern, 8, conflictBudget(0.5, 512))); break;
        case 4: benchmark::DoNotOptimize(measurePacking(w, pattern, packed, 256, {}, {32, 32})); break;
        }
    }
}

// N:M's mask alone (the groups and the pruning, what colcomb.torch's nm_mask_calculator asks of the
// C++), on a dense 512 x 512 layer, as a mask calculator meets a trained weight; and the whole
// packing (pattern, groups, mask, packed layer, metrics) of the reference layer.
void nmMask(benchmark::State& state, int n, int m)
{
    static const FilterMatrix dense = randomSparseMatrix(512, 512, 1.0, 42);
    for (auto _ : state) {
        const SparsityPattern pattern(dense);
        benchmark::DoNotOptimize(columnCombinePrune(dense, pattern, reductionGroups(pattern, m, 1), n));
    }
}

// Its parts: the bit pattern (which groups hold a weight), the groups, the pruning.
void nmMaskPart(benchmark::State& state, int part)
{
    static const FilterMatrix dense = randomSparseMatrix(512, 512, 1.0, 42);
    const SparsityPattern pattern(dense);
    const ColumnGroups groups = reductionGroups(pattern, 4, 1);
    for (auto _ : state) {
        switch (part) {
        case 0: benchmark::DoNotOptimize(SparsityPattern(dense)); break;
        case 1: benchmark::DoNotOptimize(reductionGroups(pattern, 4, 1)); break;
        case 2: benchmark::DoNotOptimize(columnCombinePrune(dense, pattern, groups, 2)); break;
        }
    }
}

void fullPackingNM(benchmark::State& state, int n, int m)
{
    PackingParams p;
    p.method = CombineMethod::NM;
    p.n = n;
    p.m = m;
    for (auto _ : state) benchmark::DoNotOptimize(packLayer(referenceLayer(), p));
}

} // namespace

BENCHMARK_CAPTURE(nmMask, dense_2_4, 2, 4)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(nmMask, dense_1_8, 1, 8)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(nmMaskPart, pattern, 0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(nmMaskPart, groups, 1)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(nmMaskPart, prune_2_4, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(fullPackingNM, nm_2_4, 2, 4)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(combineOnly, pairwise_sections256, CombineMethod::Pairwise, 256)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(combineOnly, pairwise_unsectioned, CombineMethod::Pairwise, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(combineOnly, greedy, CombineMethod::Greedy, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fullPacking, pairwise, CombineMethod::Pairwise)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(fullPacking, greedy, CombineMethod::Greedy)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(afterCombining, pattern, 0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(afterCombining, prune, 1)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(afterCombining, packed_layer, 2)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(afterCombining, lower_bound, 3)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(afterCombining, metrics, 4)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(packingWithSteps, pairwise, CombineMethod::Pairwise)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(packingWithSteps, greedy, CombineMethod::Greedy)->Unit(benchmark::kMillisecond);

int main(int argc, char** argv)
{
    colcomb::retainFreedMemory();  // as the colcomb CLI and the studio do
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
