// The simulated array against the exact integer product, the documented cycle formula, and a
// 2 x 2 example worked by hand.
#include "matrix/RandomMatrix.h"
#include "packing/Packer.h"
#include "systolic/ClosedForm.h"
#include "systolic/Comparison.h"
#include "systolic/CostModel.h"
#include "systolic/LayerTrace.h"
#include "systolic/NetworkLatency.h"
#include "systolic/NetworkTotals.h"
#include "systolic/Simulator.h"
#include "systolic/TeachingExample.h"

#include <QtTest>

using namespace colcomb;

namespace {

long long formulaCycles(const QuantizedLayer& layer, const ArrayConfig& config, long long vectors)
{
    long long total = 0;
    for (const Tile& t : tileGridOf(layer, config).tiles()) total += tileTiming(t.rows, t.groups, config.shape.cols, vectors, config.beat()).total();
    return total;
}

// The hand-worked layer: filters f0, f1; group 0 = columns {0, 1}, group 1 = column {2}.
//   f0: 2 x col0 (group 0) + 3 x col2 (group 1);  f1: -1 x col1 (group 0) + 4 x col2 (group 1)
// A random layer, packing and array for the property tests: sizes up to the bounds given, every
// method (N:M with M up to 8), alpha 1..8, gamma 0..1, 1..8 data bits and 2..8 weight bits.
struct RandomLayerCase {
    PackingParams params;
    FilterMatrix weights;
    ArrayConfig config;
};

RandomLayerCase randomLayerCase(SplitMix64& rng, std::uint64_t seed, int maxRows, int maxCols, int maxArraySide)
{
    RandomLayerCase c;
    c.params.alpha = 1 + rng.below(8);
    c.params.gamma = rng.below(5) * 0.25;
    c.params.method = static_cast<CombineMethod>(rng.below(5));  // fixed groups and N:M too
    if (c.params.method == CombineMethod::NM) {
        c.params.m = 2 + rng.below(7);
        c.params.n = 1 + rng.below(c.params.m - 1);
    }
    c.weights = randomSparseMatrix(1 + rng.below(maxRows), 1 + rng.below(maxCols), 0.05 + 0.45 * rng.uniform(), seed);
    c.config.shape.rows = 1 + rng.below(maxArraySide);
    c.config.shape.cols = 1 + rng.below(maxArraySide);
    c.config.dataBits = 1 + rng.below(8);
    c.config.weightBits = 2 + rng.below(7);
    c.config.muxWidth = groupWidth(c.params);
    return c;
}

QuantizedLayer handLayer()
{
    QuantizedLayer q;
    q.rowIndex = {0, 1};
    q.groups = {{0, 1}, {2}};
    q.inputChannels = 3;
    q.weights = IntMatrix{{2, 3}, {-1, 4}};
    q.select = SelectMatrix{{0, 2}, {1, 2}};
    return q;
}

} // namespace

class TestSystolic : public QObject {
    Q_OBJECT

private slots:
    // Worked by hand (bit-parallel, 2 x 2 array, inputs t0 = (1, 5, 2), t1 = (3, 0, 7)).
    // Cycles 0-1: weights shift in (row 1's first). Compute cycle tau = cycle - 2; cell (i, g)
    // sees vector tau - i - g:
    //   tau 0: (0,0) t0: 0 + 2*1 = 2
    //   tau 1: (0,0) t1: 0 + 2*3 = 6;  (0,1) t0: 2 + 3*2 = 8 -> out f0,t0;  (1,0) t0: 0 - 1*5 = -5
    //   tau 2: (0,1) t1: 6 + 3*7 = 27 -> out f0,t1;  (1,0) t1: 0 - 1*0 = 0;  (1,1) t0: -5 + 4*2 = 3 -> out
    //   tau 3: (1,1) t1: 0 + 4*7 = 28 -> out f1,t1
    // 6 cycles = load 2 + (N 2 + R' 2 + C 2 - 2).
    void handWorked2x2MatchesTheTrace()
    {
        const QuantizedLayer layer = handLayer();
        const InputBatch x{{1, 5, 2}, {3, 0, 7}};
        ArrayConfig config;
        config.shape.rows = config.shape.cols = 2;
        SystolicArray array(config);
        array.setTracing(true);
        array.startTile(layer, tileGridOf(layer, config).tiles().front(), x);

        struct Expect {
            int cycle, row, col, vector;
            std::int32_t data;
            std::int64_t psumIn, psumOut;
        };
        const Expect expected[] = {
            {2, 0, 0, 0, 1, 0, 2},
            {3, 0, 0, 1, 3, 0, 6}, {3, 0, 1, 0, 2, 2, 8}, {3, 1, 0, 0, 5, 0, -5},
            {4, 0, 1, 1, 7, 6, 27}, {4, 1, 0, 1, 0, 0, 0}, {4, 1, 1, 0, 2, -5, 3},
            {5, 1, 1, 1, 7, 0, 28},
        };
        int cycle = 0;
        while (!array.tileDone()) {
            array.step();
            if (cycle < 2) QCOMPARE(array.phase(), Phase::WeightLoad);
            int busy = 0;
            for (const Expect& e : expected) {
                if (e.cycle != cycle) continue;
                ++busy;
                const CellState c = array.cell(e.row, e.col);
                const QByteArray where = QByteArray("cycle ") + QByteArray::number(cycle) + " cell " + QByteArray::number(e.row) + "," + QByteArray::number(e.col);
                QVERIFY2(c.useful, where);
                QVERIFY2(c.vector == e.vector, where);
                QVERIFY2(c.data == e.data, where);
                QVERIFY2(c.psumIn == e.psumIn, where);
                QVERIFY2(c.psumOut == e.psumOut, where);
            }
            int useful = 0;
            for (int r = 0; r < 2; ++r)
                for (int g = 0; g < 2; ++g) useful += array.cell(r, g).useful ? 1 : 0;
            QCOMPARE(useful, busy);
            ++cycle;
        }
        QCOMPARE(cycle, 6);
        QCOMPARE(array.tileOutputs(), (Int64Matrix{{8, 27}, {3, 28}}));
        QCOMPARE(array.counters().misaligned, 0LL);
    }

    void baselinesWithoutEmptyColumnsAreOneRun()
    {
        ArrayConfig config;
        config.shape = {8, 8};
        PackingParams p;
        p.alpha = 4;
        p.array = config.shape;
        // Every column and row holds a weight: unpacked and dense are the same layer.
        const ArrayComparison full = simulateWithBaselines(packLayer(randomSparseMatrix(12, 20, 1.0, 3), p).packed, config, 5, 1);
        QCOMPARE(full.dense.sim.cycles, full.unpacked.sim.cycles);
        QCOMPARE(full.dense.cost.energyPj(), full.unpacked.cost.energyPj());
        QVERIFY(full.dense.sim.verified);
        // An all-zero column: the dense baseline still carries it, the unpacked one does not.
        FilterMatrix gap = randomSparseMatrix(12, 20, 1.0, 3);
        for (int r = 0; r < gap.rows(); ++r) gap(r, 7) = 0.0f;
        const ArrayComparison sparse = simulateWithBaselines(packLayer(gap, p).packed, config, 5, 1);
        QCOMPARE(sparse.dense.layer.groupCount(), 20);
        QCOMPARE(sparse.unpacked.layer.groupCount(), 19);
        QVERIFY(sparse.dense.sim.verified && sparse.unpacked.sim.verified);
    }

    void weightsShiftInFromTheTop()
    {
        const QuantizedLayer layer = handLayer();
        ArrayConfig config;
        config.shape.rows = config.shape.cols = 2;
        SystolicArray array(config);
        array.startTile(layer, tileGridOf(layer, config).tiles().front(), InputBatch{{1, 1, 1}});
        array.step();
        QCOMPARE(array.cell(0, 0).weight, -1);  // row 1's weights enter first
        array.step();
        QCOMPARE(array.cell(0, 0).weight, 2);
        QCOMPARE(array.cell(1, 0).weight, -1);
        QCOMPARE(array.cell(1, 1).select, 2);
    }

    void randomLayersMatchTheReferenceAndTheFormula_data()
    {
        QTest::addColumn<bool>("serial");
        QTest::newRow("bit-parallel") << false;
        QTest::newRow("bit-serial") << true;
    }

    void randomLayersMatchTheReferenceAndTheFormula()
    {
        QFETCH(bool, serial);
        for (std::uint64_t seed = 1; seed <= 150; ++seed) {
            SplitMix64 rng(seed);
            auto [p, w, config] = randomLayerCase(rng, seed, 40, 60, 12);
            config.mac = serial ? MacMode::BitSerial : MacMode::BitParallel;
            config.signedData = rng.below(2) == 1;
            const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, config.weightBits);
            const int vectors = 1 + rng.below(9);
            const InputBatch x = randomInputs(vectors, w.cols(), config.dataBits, config.signedData, seed);
            const SimulationResult sim = simulateLayer(layer, x, config);
            const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed));
            QVERIFY2(sim.verified, where);
            QVERIFY2(sim.outputs == referenceProduct(layer, x), where);
            QVERIFY2(sim.cycles == formulaCycles(layer, config, vectors), where);
            for (const TileReport& t : sim.tiles) QVERIFY2(t.cycles == t.expected.total(), where);
            long long macs = 0;
            for (int r = 0; r < layer.rows(); ++r) macs += (layer.select.row(r).array() >= 0).count();
            QVERIFY2(sim.usefulMacs == macs * vectors, where);
            const double utilization = sim.cycles ? double(sim.usefulMacs) * config.beat() / (double(config.shape.rows) * config.shape.cols * sim.cycles) : 0.0;
            QVERIFY2(qFuzzyCompare(1.0 + sim.utilization, 1.0 + utilization), where);
            QVERIFY2(sim.utilization <= 1.0, where);
        }
    }

    void theClosedFormEqualsTheSimulator()
    {
        // 1,000 random layers, arrays, MAC modes and vector counts: every count the cost model
        // uses, per tile and in total, and the cost report itself, equal the stepped machine's.
        for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
            SplitMix64 rng(seed * 7919);
            auto [p, w, config] = randomLayerCase(rng, seed, 30, 40, 10);
            config.mac = rng.below(2) ? MacMode::BitSerial : MacMode::BitParallel;
            const int kind = rng.below(3);
            const QuantizedLayer layer = kind == 0   ? quantizeForArray(packLayer(w, p).packed, config.weightBits)
                                         : kind == 1 ? unpackedBaseline(w, config.weightBits)
                                                     : denseBaseline(w, config.weightBits);
            const int vectors = 1 + rng.below(6);
            const SimulationResult sim = simulateLayer(layer, randomInputs(vectors, w.cols(), config.dataBits, false, seed), config);
            const SimulationResult model = closedFormRun(layer, vectors, config);
            const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed));
            QVERIFY2(sim.verified, where);
            QVERIFY2(model.cycles == sim.cycles && model.weightLoadCycles == sim.weightLoadCycles, where);
            QVERIFY2(model.usefulMacs == sim.usefulMacs && model.cellCycles == sim.cellCycles && model.utilization == sim.utilization, where);
            QVERIFY2(model.counters.dataBusBits == sim.counters.dataBusBits, where + " data bits " + QByteArray::number(model.counters.dataBusBits) + " vs "
                                                                                 + QByteArray::number(sim.counters.dataBusBits));
            QVERIFY2(model.counters.psumHops == sim.counters.psumHops, where);
            QVERIFY2(model.counters.muxSelections == sim.counters.muxSelections, where);
            QVERIFY2(model.counters.ifmapReads == sim.counters.ifmapReads && model.counters.filterReads == sim.counters.filterReads
                         && model.counters.ofmapWrites == sim.counters.ofmapWrites,
                     where + " SRAM words " + QByteArray::number(model.counters.ifmapReads) + "/" + QByteArray::number(sim.counters.ifmapReads) + " "
                         + QByteArray::number(model.counters.filterReads) + "/" + QByteArray::number(sim.counters.filterReads) + " "
                         + QByteArray::number(model.counters.ofmapWrites) + "/" + QByteArray::number(sim.counters.ofmapWrites));
            QVERIFY2(model.tiles.size() == sim.tiles.size(), where);
            for (std::size_t t = 0; t < sim.tiles.size(); ++t)
                QVERIFY2(model.tiles[t].cycles == sim.tiles[t].cycles && model.tiles[t].usefulMacs == sim.tiles[t].usefulMacs, where);
            const CostReport a = estimateCost(sim, layer, config);
            const CostReport b = estimateCost(model, layer, config);
            QVERIFY2(a.energyPj() == b.energyPj() && a.sramBytes == b.sramBytes && a.dramBytes == b.dramBytes && a.latencyUs == b.latencyUs, where);
        }
    }

    void nmLayersRunOnTheArrayWithTheirOwnMultiplexers()
    {
        // 2:4 of a 24 x 64 layer: 16 groups of 4 channels, each in 2 array columns whose cells
        // select among the group's 4 channels (2 select bits).
        const FilterMatrix w = randomSparseMatrix(24, 64, 0.7, 5);
        PackingParams p;
        p.method = CombineMethod::NM;
        p.n = 2;
        p.m = 4;
        p.alpha = 16;  // N:M's width is M, whatever alpha says
        p.array = {16, 16};
        const PackingResult r = packLayer(w, p);
        QCOMPARE(r.packed.columns(), 32);
        ArrayConfig config;
        config.shape = p.array;
        config.muxWidth = 4;
        const QuantizedLayer layer = quantizeForArray(r.packed, config.weightBits);
        QCOMPARE(layer.groups.size(), std::size_t{32});
        for (const ColumnGroup& g : layer.groups) QCOMPARE(g.size(), std::size_t{4});
        const SimulationResult sim = simulateLayer(layer, randomInputs(5, 64, 8, false, 3), config);
        QVERIFY(sim.verified);
        QCOMPARE(sim.usefulMacs, r.packed.nnz() * 5);
        const SimulationResult model = closedFormRun(layer, 5, config);
        QCOMPARE(model.cycles, sim.cycles);
        QCOMPARE(model.counters.muxSelections, sim.counters.muxSelections);
        // The cost the network report charges is the 4-input multiplexer's, not alpha's 16.
        const LayerHardware h = layerHardware(r, 5, config, {});
        QCOMPARE(h.energyAfterPj, estimateCost(model, layer, config).energyPj());
        ArrayConfig wide = config;
        wide.muxWidth = 16;
        QVERIFY(h.energyAfterPj < estimateCost(model, layer, wide).energyPj());
    }

    void sramAccessesAndCyclesEqualScaleSimsOnDenseLayers()
    {
        // Measured with SCALE-Sim v2 (weight stationary, 32 x 32 array), copied here as facts:
        // Conv2_1a, a 56 x 56 input, 3 x 3 x 64 kernels, 64 filters, stride 1 (54 x 54 = 2,916
        // output positions; a 64 x 576 filter matrix), and PW_128, a 16 x 16 input, 1 x 1 x 128,
        // 128 filters (256 positions; 128 x 128).
        struct Case {
            int filters, columns;
            long long positions, ifmapReads, filterReads, ofmapWrites, cycles;
        };
        const Case cases[] = {{64, 576, 2916, 3359232, 36864, 3359232, 108359}, {128, 128, 256, 131072, 16384, 131072, 5599}};
        ArrayConfig config;
        config.shape = {32, 32};
        for (const Case& c : cases) {
            const QuantizedLayer layer = denseBaseline(FilterMatrix(DenseMatrix::Constant(c.filters, c.columns, 1.0f)), config.weightBits);
            const SimulationResult model = closedFormRun(layer, c.positions, config);
            QCOMPARE(model.counters.ifmapReads, c.ifmapReads);
            QCOMPARE(model.counters.filterReads, c.filterReads);
            QCOMPARE(model.counters.ofmapWrites, c.ofmapWrites);
            QCOMPARE(model.cycles - 1, c.cycles);  // SCALE-Sim reports the last cycle's index, counting from 0
        }
        // The machine itself on the smaller one (the closed form equals it on 1,000 random cases).
        const QuantizedLayer pw = denseBaseline(FilterMatrix(DenseMatrix::Constant(128, 128, 1.0f)), config.weightBits);
        const SimulationResult sim = simulateLayer(pw, randomInputs(256, 128, config.dataBits, false, 3), config);
        QVERIFY(sim.verified);
        QCOMPARE(sim.counters.ifmapReads, 131072LL);
        QCOMPARE(sim.counters.filterReads, 16384LL);
        QCOMPARE(sim.counters.ofmapWrites, 131072LL);
        QCOMPARE(sim.cycles - 1, 5599LL);
    }

    void bitSerialGivesTheSameResultsInBeatTimesTheStream()
    {
        const FilterMatrix w = randomSparseMatrix(20, 50, 0.2, 4);
        const QuantizedLayer layer = quantizeForArray(packLayer(w, {}).packed, 8);
        const InputBatch x = randomInputs(16, 50, 8, true, 9);
        ArrayConfig parallel;
        parallel.shape = {8, 8};
        parallel.signedData = true;
        ArrayConfig serial = parallel;
        serial.mac = MacMode::BitSerial;
        const SimulationResult a = simulateLayer(layer, x, parallel);
        const SimulationResult b = simulateLayer(layer, x, serial);
        QVERIFY(a.verified && b.verified);
        QCOMPARE(a.outputs, b.outputs);
        // Each tile streams 8 x 16 cycles instead of 16; everything else is the same.
        QCOMPARE(b.cycles, a.cycles + static_cast<long long>(a.tiles.size()) * (8 - 1) * 16);
    }

    void tilesOfOneRowBlockAccumulate()
    {
        const FilterMatrix w = randomSparseMatrix(30, 200, 0.3, 2);
        PackingParams p;
        p.method = CombineMethod::None;
        const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, 8);
        ArrayConfig config;
        config.shape.rows = 8;
        config.shape.cols = 16;
        const SimulationResult sim = simulateLayer(layer, randomInputs(5, 200, 8, false, 1), config);
        QVERIFY(sim.tiles.size() > 4);
        QCOMPARE(static_cast<long long>(sim.tiles.size()), tileCount(layer.rows(), layer.groupCount(), {8, 16}));
        QVERIFY(sim.verified);
    }

    void theFastCycleEqualsTheTracedCycleRegisterForRegister()
    {
        // Untraced bit-parallel steps run the vectorised row kernel (ParallelRow.h), traced ones
        // the cell-by-cell loop. Stepped side by side on random layers and arrays wide enough for
        // whole vectors of cells, with accumulators narrow enough to wrap, every register, count
        // and result must agree every cycle.
        for (std::uint64_t seed = 1; seed <= 120; ++seed) {
            SplitMix64 rng(seed * 31);
            auto [p, w, config] = randomLayerCase(rng, seed, 40, 60, 40);
            config.signedData = rng.below(2) == 1;
            config.accumulatorBits = 8 + rng.below(25);
            const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, config.weightBits);
            const InputBatch x = randomInputs(1 + rng.below(12), w.cols(), config.dataBits, config.signedData, seed);
            const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed));
            for (const Tile& tile : tileGridOf(layer, config).tiles()) {
                SystolicArray fast(config), traced(config);
                traced.setTracing(true);
                fast.startTile(layer, tile, x);
                traced.startTile(layer, tile, x);
                while (!traced.tileDone()) {
                    QVERIFY2(!fast.tileDone(), where);
                    fast.step();
                    traced.step();
                    for (int r = 0; r < config.shape.rows; ++r)
                        for (int c = 0; c < config.shape.cols; ++c) {
                            const CellState a = fast.cell(r, c), b = traced.cell(r, c);
                            QVERIFY2(a.weight == b.weight && a.select == b.select && a.vector == b.vector && a.data == b.data && a.psumVector == b.psumVector
                                         && a.psumOut == b.psumOut && a.useful == b.useful,
                                     where + " cycle " + QByteArray::number(traced.cycleInTile()) + " cell " + QByteArray::number(r) + "," + QByteArray::number(c));
                        }
                    const ArrayCounters& a = fast.counters();
                    const ArrayCounters& b = traced.counters();
                    QVERIFY2(a.usefulMacs == b.usefulMacs && a.dataBusBits == b.dataBusBits && a.psumHops == b.psumHops && a.muxSelections == b.muxSelections
                                 && a.overflows == b.overflows && a.misaligned == b.misaligned,
                             where);
                }
                QVERIFY2(fast.tileDone(), where);
                QVERIFY2(fast.tileOutputs() == traced.tileOutputs(), where);
            }
        }
    }

    void overflowIsDetectedAndReported()
    {
        const FilterMatrix w = randomSparseMatrix(4, 64, 1.0, 3);
        const QuantizedLayer layer = quantizeForArray(packLayer(w, {}).packed, 8);
        ArrayConfig config;
        config.shape.rows = config.shape.cols = 4;
        config.accumulatorBits = 10;
        const SimulationResult sim = simulateLayer(layer, randomInputs(4, 64, 8, false, 5), config);
        QVERIFY(sim.counters.overflows > 0);
        QVERIFY(!sim.verified);
    }

    void packedUnpackedAndDenseComputeTheSameLayer()
    {
        const FilterMatrix w = demoLayer();
        const InputBatch x = randomInputs(12, w.cols(), 8, false, 7);
        ArrayConfig config;
        PackingParams p;
        p.gamma = 0.0;  // nothing pruned: all three hold the same weights
        const QuantizedLayer packed = quantizeForArray(packLayer(w, p).packed, 8);
        const QuantizedLayer none = unpackedBaseline(w, 8);
        const QuantizedLayer dense = denseBaseline(w, 8);
        const SimulationResult a = simulateLayer(packed, x, config);
        const SimulationResult b = simulateLayer(none, x, config);
        const SimulationResult c = simulateLayer(dense, x, config);
        QVERIFY(a.verified && b.verified && c.verified);
        QCOMPARE(a.outputs, b.outputs);
        for (std::size_t i = 0; i < packed.rowIndex.size(); ++i) QVERIFY(c.outputs.row(packed.rowIndex[i]) == a.outputs.row(static_cast<Eigen::Index>(i)));
        QCOMPARE(a.usefulMacs, b.usefulMacs);
        QVERIFY(a.cycles < b.cycles && b.cycles < c.cycles);
        QVERIFY(a.utilization > b.utilization);
        const CostReport ca = estimateCost(a, packed, config);
        const CostReport cb = estimateCost(b, none, config);
        QVERIFY(ca.energyPj() < cb.energyPj());
        QCOMPARE(ca.latencyUs, a.cycles / config.clockMhz);
        QCOMPARE(ca.energy.mac, a.usefulMacs * 0.3);
    }

    void memoryScenariosChargeWeightsAndDataWhereTheyLive()
    {
        // Two disjoint columns combine into one group of a 4-wide multiplexer: 2 cells of 8 weight
        // bits and 2 select bits, 20 bits = 3 bytes of weights. 5 vectors of 4 input channels and
        // 2 outputs at 8 bits: 20 + 10 = 30 bytes of activations. DRAM costs 250 pJ a byte.
        FilterMatrix w(2, 4);
        w(0, 0) = 0.5f;
        w(1, 1) = -0.25f;
        PackingParams p;
        p.alpha = 4;
        p.gamma = 0.0;
        p.array = {4, 4};
        const QuantizedLayer layer = quantizeForArray(packLayer(w, p).packed, 8);
        QCOMPARE(layer.groupCount(), 1);
        ArrayConfig config;
        config.shape.rows = config.shape.cols = 4;
        config.muxWidth = 4;
        const SimulationResult sim = simulateLayer(layer, randomInputs(5, 4, 8, false, 1), config);
        QVERIFY(sim.verified);

        EnergyCosts costs;  // resident by default: no DRAM for weights, and 30 bytes fit on chip
        const CostReport resident = estimateCost(sim, layer, config, costs);
        QCOMPARE(resident.energy.dramWeights, 0.0);
        QCOMPARE(resident.energy.dramData, 0.0);
        QCOMPARE(resident.dramBytes, 0LL);
        QCOMPARE(resident.energy.sramWeights, 3 * 2.5);  // read into the cells once per run, select bits included
        // 5 vectors through 1 group of 2 rows: 10 useful MACs and 10 selections (2 columns share the
        // group); 2 rows x 5 results each cross the 3 cells to the right edge: 30 hops of 32 bits.
        QCOMPARE(sim.usefulMacs, 10LL);
        QCOMPARE(sim.counters.muxSelections, 10LL);
        QCOMPARE(sim.counters.psumHops, 30LL);
        QCOMPARE(resident.energy.mac, 10 * 0.3);
        QCOMPARE(resident.energy.mux, 10 * 0.01);
        QCOMPARE(resident.energy.registers, (static_cast<double>(sim.counters.dataBusBits) + 30 * 32) * 0.004);
        // Inputs: 5 vectors x 2 channels of the group = 10 words of 8 bits; results: 10 words of
        // 32 bits. One tile, so nothing is read back.
        QCOMPARE(sim.counters.ifmapReads, 10LL);
        QCOMPARE(sim.counters.ofmapWrites, 10LL);
        QCOMPARE(resident.energy.sramData, 10 * 2.5 + 40 * 2.5);
        costs.memory.onChipKiB = 20.0 / 1024;             // a 20-byte buffer: the activations spill
        QCOMPARE(estimateCost(sim, layer, config, costs).energy.dramData, 30 * 250.0);

        costs = {};
        costs.memory.weights = WeightMemory::Streamed;
        const CostReport streamed = estimateCost(sim, layer, config, costs);
        QCOMPARE(streamed.energy.dramWeights, 3 * 250.0);
        QCOMPARE(streamed.energy.dramData, 30 * 250.0);
        QCOMPARE(streamed.dramBytes, 33LL);
        costs.memory.batch = 3;  // one load of the weights shared by 3 samples
        QCOMPARE(estimateCost(sim, layer, config, costs).energy.dramWeights, 250.0);
        // What does not depend on memory is the same in both, and the parts add up.
        QCOMPARE(streamed.energy.mac, resident.energy.mac);
        QCOMPARE(streamed.energy.sramData, resident.energy.sramData);
        QCOMPARE(streamed.energyPj() - resident.energyPj(), 3 * 250.0 + 30 * 250.0);
        // Leakage is its own term: cells x cycles x the figure.
        costs.leakagePjPerCellCycle = 0.5;
        QCOMPARE(estimateCost(sim, layer, config, costs).energy.leakage, 0.5 * static_cast<double>(sim.cellCycles));
        QCOMPARE(memoryScenarioText(costs.memory), std::string("weights streamed, batch 3"));
        QCOMPARE(memoryScenarioText(EnergyCosts{}.memory), std::string("weights resident"));
        costs.memory.batch = 0;
        QVERIFY(validateEnergyCosts(costs).find("batch") != std::string::npos);
    }

    void powerOfTwoQuantizationFollowsTheAuthors()
    {
        const PowerOfTwoScale s = powerOfTwoScale(0.9, 8);
        QCOMPARE(s.shift, 7);
        QCOMPARE(quantizeSigned(0.9, s), 115);
        QCOMPARE(quantizeSigned(-0.9, s), -115);
        QCOMPARE(quantizeSigned(5.0, s), 127);  // clamped
        QCOMPARE(powerOfTwoScale(3.0, 8).shift, 5);
        QCOMPARE(quantizeRelu6(6.0, 8), 255);
        QCOMPARE(quantizeRelu6(-1.0, 8), 0);
        QCOMPARE(quantizeRelu6(3.0, 8), 128);
        // The tensor form gives the same steps, value for value, including halves and the ends.
        std::vector<float> a;
        for (int k = -300; k <= 2200; ++k) a.push_back(static_cast<float>(k) * 0.0029296875f);  // multiples of 3/1024: exact halves of a step
        for (float v : {-1e6f, -0.0f, 5.99f, 6.0f, 6.01f, 1e6f}) a.push_back(v);
        std::vector<float> rounded = a;
        roundToRelu6Steps(rounded, 8);
        for (std::size_t i = 0; i < a.size(); ++i)
            QCOMPARE(rounded[i], static_cast<float>(quantizeRelu6(a[i], 8)) * (6.0f / 256.0f));
    }

    void teachingExampleFillsItsArrayAndChecksOut()
    {
        const TeachingExample e = teachingExample();
        QCOMPARE(e.packed.groupCount(), 2);
        QCOMPARE(e.layer.rows(), 4);
        QCOMPARE(e.layer.weights(1, 1), 2);  // filter 1, column 3: unscaled
        const SimulationResult sim = simulateLayer(e.layer, e.inputs, e.array);
        QVERIFY(sim.verified);
        QCOMPARE(sim.tiles.size(), std::size_t{1});
        // Filter 0 = 2 x ch0 - 1 x ch3: vector 0 gives 2 - 4 = -2.
        QCOMPARE(sim.outputs(0, 0), std::int64_t{-2});
    }

    void traceVisitsEveryCycleAndReplaysExactly()
    {
        const FilterMatrix w = randomSparseMatrix(10, 40, 0.25, 8);
        PackingParams p;
        p.alpha = 4;
        auto layer = std::make_shared<const QuantizedLayer>(quantizeForArray(packLayer(w, p).packed, 8));
        auto inputs = std::make_shared<const InputBatch>(randomInputs(5, 40, 8, false, 2));
        ArrayConfig config;
        config.shape.rows = 4;
        config.shape.cols = 3;
        const SimulationResult sim = simulateLayer(*layer, *inputs, config);
        LayerTrace trace(layer, inputs, config);
        QCOMPARE(trace.totalCycles(), sim.cycles);
        long long useful = 0;
        std::vector<std::int64_t> snapshot;
        const long long probe = sim.cycles / 2;
        while (trace.next()) {
            for (int r = 0; r < config.shape.rows; ++r)
                for (int c = 0; c < config.shape.cols; ++c) {
                    const CellState cell = trace.cell(r, c);
                    useful += cell.useful;
                    if (trace.cycle() == probe) snapshot.push_back(cell.psumOut * 1000 + cell.vector);
                }
        }
        QCOMPARE(useful, sim.usefulMacs);
        QCOMPARE(trace.utilizationSoFar(), sim.utilization);
        trace.seek(probe);  // backwards: replays the tile
        std::vector<std::int64_t> again;
        for (int r = 0; r < config.shape.rows; ++r)
            for (int c = 0; c < config.shape.cols; ++c) again.push_back(trace.cell(r, c).psumOut * 1000 + trace.cell(r, c).vector);
        QCOMPARE(again, snapshot);
        QCOMPARE(trace.cycle(), probe);
    }

    void networkLatencyPipelinesLayers()
    {
        ArrayConfig shared;
        shared.shape.rows = shared.shape.cols = 16;
        // One layer that fits its own array: the tile's compute cycles, without the weight load.
        const NetworkLatency one = networkLatency({{10, 12, 50, 1, 0}}, shared);
        QCOMPARE(one.pipelinedCycles, 50LL + 10 + 12 - 2);
        // Two layers, no lookahead: the second starts a vector as soon as the first finishes it.
        const NetworkLatency two = networkLatency({{10, 12, 50, 1, 0}, {7, 5, 50, 1, 0}}, shared);
        QCOMPARE(two.pipelinedCycles, 50LL + 1 + 10 + 12 + 7 + 5 - 4);
        QVERIFY(two.pipelinedCycles < two.sharedCycles);
        // The shared array's cycles are those of the simulated layer.
        const FilterMatrix w = randomSparseMatrix(40, 90, 0.2, 3);
        const QuantizedLayer layer = quantizeForArray(packLayer(w, {}).packed, 8);
        const SimulationResult sim = simulateLayer(layer, randomInputs(9, 90, 8, false, 1), shared);
        QCOMPARE(networkLatency({{layer.rows(), layer.groupCount(), 9, 1, 0}}, shared).sharedCycles, sim.cycles);
        // Bit-serial: each vector takes `beat` cycles to enter.
        shared.mac = MacMode::BitSerial;
        QCOMPARE(networkLatency({{10, 12, 50, 1, 0}}, shared).pipelinedCycles, 8LL * 50 + 10 + 12 - 2);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, networkLatency({{0, 1, 1, 1, 0}}, shared));
    }

    void aRaisedCancelFlagStopsTheSimulationAndItsBaselines()
    {
        const FilterMatrix w = randomSparseMatrix(40, 90, 0.2, 5);
        PackingParams p;
        p.array = {8, 8};
        const PackingResult packed = packLayer(w, p);
        ArrayConfig config;
        config.shape = p.array;
        const QuantizedLayer layer = quantizeForArray(packed.packed, config.weightBits);
        const InputBatch x = randomInputs(4, w.cols(), config.dataBits, false, 1);
        std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(SimulationCancelled, simulateLayer(layer, x, config, &cancel));
        QVERIFY_THROWS_EXCEPTION(SimulationCancelled, simulateWithBaselines(packed.packed, config, 4, 1, {}, &cancel));
        // A flag never raised changes nothing.
        cancel = false;
        const SimulationResult sim = simulateLayer(layer, x, config, &cancel);
        QVERIFY(sim.verified);
        QCOMPARE(sim.cycles, simulateLayer(layer, x, config).cycles);
        QVERIFY(sim.outputs == referenceProduct(layer, x));
    }

    void invalidConfigsAreRejected()
    {
        ArrayConfig c;
        c.shape.rows = 0;
        QVERIFY(validateArrayConfig(c).find("1 x 1") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, SystolicArray{c});
        c = {};
        c.dataBits = 17;
        QVERIFY(validateArrayConfig(c).find("data bits") != std::string::npos);
        c = {};
        c.clockMhz = 0;
        QVERIFY(validateArrayConfig(c).find("clock") != std::string::npos);
        EnergyCosts e;
        e.macPj = -1;
        QVERIFY(!validateEnergyCosts(e).empty());
        const QuantizedLayer layer = handLayer();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, simulateLayer(layer, InputBatch(2, 4), ArrayConfig{}));
    }
};

QTEST_APPLESS_MAIN(TestSystolic)
#include "tst_systolic.moc"
