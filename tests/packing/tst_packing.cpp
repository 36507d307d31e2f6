// Packing invariants, checked as properties over many seeded random matrices, plus the exact
// decisions of the authors' released pairwise rule against a direct transcription of it.
#include "matrix/RandomMatrix.h"
#include "packing/ColumnCombiner.h"
#include "packing/ExactPacking.h"
#include "packing/PackingCancelled.h"
#include "packing/PackingSearch.h"
#include "packing/SatSolver.h"
#include "packing/CombiningSteps.h"
#include "packing/SteppedPacking.h"
#include "packing/PackLayers.h"
#include "packing/Packer.h"
#include "packing/StepThroughExample.h"

#include <QtTest>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <thread>

using namespace colcomb;

namespace {

struct Case {
    FilterMatrix weights;
    PackingParams params;
    std::string label;
};

// Sizes from 1x1 to 300x700, densities 0..1, alpha 1..16, gamma 0..2; small sizes are common so
// corner cases (one row, one column, empty matrix) come up often.
Case randomCase(std::uint64_t seed, CombineMethod method)
{
    SplitMix64 rng(seed);
    const auto side = [&](int most) { return rng.uniform() < 0.3 ? 1 + rng.below(6) : 1 + rng.below(most); };
    const int rows = side(300);
    const int cols = side(700);
    const double densities[] = {0.0, 0.02, 0.1, 0.125, 0.3, 0.6, 1.0, rng.uniform()};
    const double density = densities[rng.below(8)];
    Case c;
    c.weights = randomSparseMatrix(rows, cols, density, seed * 7919 + 1);
    c.params.alpha = 1 + rng.below(16);
    c.params.gamma = std::round(rng.uniform() * 8.0) / 4.0;  // 0, 0.25, ..., 2
    c.params.method = method;
    c.params.array = {1 + rng.below(64), 1 + rng.below(64)};
    c.label = "seed " + std::to_string(seed) + ": " + std::to_string(rows) + "x" + std::to_string(cols) + " density "
              + std::to_string(density) + " alpha " + std::to_string(c.params.alpha) + " gamma " + std::to_string(c.params.gamma)
              + " " + methodName(method);
    return c;
}

// N:M stated directly, apart from the packer: every row, at every kernel position, in every block
// of M consecutive channels (the last may be short), keeps its N largest magnitudes; a stable sort
// of the channels in order keeps the lower channel on ties.
FilterMatrix referenceNM(const FilterMatrix& w, int n, int m, int positions)
{
    FilterMatrix out(w.rows(), w.cols());
    const int channels = w.cols() / positions;
    for (int r = 0; r < w.rows(); ++r)
        for (int p = 0; p < positions; ++p)
            for (int first = 0; first < channels; first += m) {
                std::vector<int> block;
                for (int c = first; c < std::min(first + m, channels); ++c) block.push_back(c * positions + p);
                std::stable_sort(block.begin(), block.end(), [&](int a, int b) { return std::fabs(w(r, a)) > std::fabs(w(r, b)); });
                for (std::size_t k = 0; k < std::min(block.size(), static_cast<std::size_t>(n)); ++k) out(r, block[k]) = w(r, block[k]);
            }
    return out;
}

// The released pack_matrix, transcribed literally: rebuild every pair's score each step.
ColumnGroups referencePairwise(const FilterMatrix& m, int alpha, int budget)
{
    ColumnGroups groups;
    for (int c = 0; c < m.cols(); ++c)
        if (m.columnNnz(c) > 0) groups.push_back({c});
    std::vector<int> liveRows;
    for (int r = 0; r < m.rows(); ++r)
        if (m.rowNnz(r) > 0) liveRows.push_back(r);
    const auto count = [&](const ColumnGroup& g, int r) {
        int n = 0;
        for (int c : g) n += m(r, c) != 0.0f;
        return n;
    };
    while (true) {
        const std::size_t n = groups.size();
        constexpr double kBig = 1e10;
        std::vector<double> metric(n * n, kBig);
        bool any = false;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                if (i == j || groups[i].size() + groups[j].size() > static_cast<std::size_t>(alpha)) continue;
                int overlap = 0;
                int bothZero = 0;
                for (int r : liveRows) {
                    const int s = count(groups[i], r) + count(groups[j], r);
                    overlap += std::max(0, s - 1);
                    bothZero += s == 0;
                }
                if (overlap > budget) continue;
                metric[i * n + j] = bothZero;
                any = true;
            }
        if (!any) break;
        std::size_t c1 = n;
        std::size_t c2 = 0;
        for (std::size_t i = 0; i < n && c1 == n; ++i) {
            double best = kBig;
            for (std::size_t j = 0; j < n; ++j)
                if (metric[j * n + i] < best) {
                    best = metric[j * n + i];
                    c2 = j;
                }
            if (best < 1e9) c1 = i;
        }
        groups[c1].insert(groups[c1].end(), groups[c2].begin(), groups[c2].end());
        groups.erase(groups.begin() + static_cast<std::ptrdiff_t>(c2));
    }
    return groups;
}

} // namespace

class TestPacking : public QObject {
    Q_OBJECT

private slots:
    void tileGridCoversEveryCellOnceInRowBlockOrder()
    {
        SplitMix64 rng(17);
        for (int trial = 0; trial < 300; ++trial) {
            const int rows = rng.below(90);
            const int cols = rng.below(90);
            const ArrayShape array{1 + rng.below(20), 1 + rng.below(20)};
            const TileGrid grid(rows, cols, array);
            const std::vector<Tile> tiles = grid.tiles();
            QCOMPARE(static_cast<long long>(tiles.size()), tileCount(rows, cols, array));
            std::vector<int> covered(static_cast<std::size_t>(rows * cols), 0);
            for (std::size_t i = 0; i < tiles.size(); ++i) {
                const Tile& t = tiles[i];
                QVERIFY(t.rows >= 1 && t.rows <= array.rows && t.groups >= 1 && t.groups <= array.cols);
                QCOMPARE(t.rowBlock * grid.colBlocks() + t.colBlock, static_cast<int>(i));  // row blocks outer
                for (int r = t.firstRow; r < t.firstRow + t.rows; ++r)
                    for (int c = t.firstGroup; c < t.firstGroup + t.groups; ++c) {
                        ++covered[static_cast<std::size_t>(r * cols + c)];
                        QCOMPARE(grid.tileOf(r, c), static_cast<long long>(i));
                        QCOMPARE(grid.arrayRowOf(r), r - t.firstRow);
                        QCOMPARE(grid.arrayColOf(c), c - t.firstGroup);
                    }
            }
            QVERIFY(std::all_of(covered.begin(), covered.end(), [](int n) { return n == 1; }));
        }
        QVERIFY(validateArrayShape({kMaxArraySide + 1, 4}).find("limited") != std::string::npos);
        QVERIFY(validateArrayShape({0, 4}).find("1 x 1") != std::string::npos);
    }

    void groupOfColumnInvertsTheGroups()
    {
        const PackingResult r = packLayer(randomSparseMatrix(30, 70, 0.15, 5), {});
        const std::vector<int>& of = r.packed.groupOfColumn();
        QCOMPARE(static_cast<int>(of.size()), 70);
        for (int c = 0; c < 70; ++c) {
            if (of[static_cast<std::size_t>(c)] < 0) {
                QCOMPARE(r.original.columnNnz(c), 0);
                continue;
            }
            const ColumnGroup& g = r.packed.groups()[static_cast<std::size_t>(of[static_cast<std::size_t>(c)])];
            QVERIFY(std::find(g.begin(), g.end(), c) != g.end());
        }
    }

    void conflictBudgetIsFloorOfGammaTimesRows()
    {
        QCOMPARE(conflictBudget(0.5, 64), 32);
        QCOMPARE(conflictBudget(1.75, 7), 12);  // 12.25 -> 12
        QCOMPARE(conflictBudget(0.0, 300), 0);
        QCOMPARE(conflictBudget(0.25, 3), 0);
    }

    void conflictsCountExtraNonzerosPerRow()
    {
        // Rows: col0 {0,1,2}, col1 {0,1}, col2 {0}: row 0 has 3 (2 conflicts), row 1 has 2 (1).
        FilterMatrix m(3, 3);
        m(0, 0) = m(1, 0) = m(2, 0) = 1;
        m(0, 1) = m(1, 1) = 1;
        m(0, 2) = 1;
        const SparsityPattern p(m);
        QCOMPARE(groupConflicts(p, {0, 1, 2}), 3);
        QCOMPARE(groupConflicts(p, {1, 2}), 1);
        QCOMPARE(groupConflicts(p, {2}), 0);
    }

    void greedyFollowsThePaperOnAWorkedExample()
    {
        // Columns (rows set): c0 {0,1,2} densest, c1 {3}, c2 {0,3}, c3 {1}. Budget 0, alpha 2:
        // c0 opens g0; c2 (2 nnz) conflicts with g0 on row 0, opens g1; c1 conflicts with g1 on
        // row 3, joins g0 (no conflict); c3 conflicts with g0, joins g1.
        FilterMatrix m(4, 4);
        m(0, 0) = m(1, 0) = m(2, 0) = 1;
        m(3, 1) = 1;
        m(0, 2) = m(3, 2) = 1;
        m(1, 3) = 1;
        const ColumnGroups groups = GreedyCombiner().combine(SparsityPattern(m), {2, 0});
        QCOMPARE(groups, (ColumnGroups{{0, 1}, {2, 3}}));
    }

    void pairwiseMatchesTheReleasedRuleExactly()
    {
        for (std::uint64_t seed = 1; seed <= 120; ++seed) {
            SplitMix64 rng(seed);
            const int rows = 1 + rng.below(24);
            const int cols = 1 + rng.below(40);
            const FilterMatrix m = randomSparseMatrix(rows, cols, 0.05 + 0.5 * rng.uniform(), seed);
            const int alpha = 1 + rng.below(8);
            const int budget = conflictBudget(std::round(rng.uniform() * 8.0) / 4.0, rows);
            const ColumnGroups fast = PairwiseCombiner(0).combine(SparsityPattern(m), {alpha, budget});
            QVERIFY2(fast == referencePairwise(m, alpha, budget), qPrintable("seed " + QString::number(seed)));
        }
    }

    void pairwiseSectionsNeverMixColumnsAcrossSections()
    {
        const FilterMatrix m = randomSparseMatrix(40, 300, 0.05, 5);
        const ColumnGroups groups = PairwiseCombiner(100).combine(SparsityPattern(m), {8, 20});
        for (const ColumnGroup& g : groups)
            for (int c : g) QCOMPARE(c / 100, g.front() / 100);
        // Sections are concatenated in order.
        for (std::size_t i = 1; i < groups.size(); ++i) QVERIFY(groups[i - 1].front() / 100 <= groups[i].front() / 100);
    }

    void invariantsHoldOnRandomMatrices_data()
    {
        QTest::addColumn<int>("method");
        QTest::newRow("pairwise") << static_cast<int>(CombineMethod::Pairwise);
        QTest::newRow("greedy") << static_cast<int>(CombineMethod::Greedy);
        QTest::newRow("none") << static_cast<int>(CombineMethod::None);
    }

    void invariantsHoldOnRandomMatrices()
    {
        QFETCH(int, method);
        for (std::uint64_t seed = 1; seed <= 150; ++seed) {
            const Case c = randomCase(seed, static_cast<CombineMethod>(method));
            const char* where = c.label.c_str();
            const FilterMatrix& w = c.weights;
            const PackingResult r = packLayer(w, c.params);
            const ColumnGroups& groups = r.packed.groups();
            const SparsityPattern pattern(w);
            const int budget = conflictBudget(c.params.gamma, w.rows());

            // Every nonzero column in exactly one group; no empty column in any.
            std::vector<int> seen(static_cast<std::size_t>(w.cols()), 0);
            for (const ColumnGroup& g : groups) {
                QVERIFY2(!g.empty(), where);
                QVERIFY2(static_cast<int>(g.size()) <= (c.params.method == CombineMethod::None ? 1 : c.params.alpha), where);
                QVERIFY2(groupConflicts(pattern, g) <= budget, where);
                for (int col : g) ++seen[static_cast<std::size_t>(col)];
            }
            for (int col = 0; col < w.cols(); ++col) QVERIFY2(seen[static_cast<std::size_t>(col)] == (w.columnNnz(col) > 0 ? 1 : 0), where);

            // Column-combine pruning keeps one weight per row per group: the largest |w|.
            long long conflicts = 0;
            for (const ColumnGroup& g : groups) {
                conflicts += groupConflicts(pattern, g);
                for (int row = 0; row < w.rows(); ++row) {
                    int kept = 0;
                    float largest = 0.0f;
                    for (int col : g) largest = std::max(largest, std::fabs(w(row, col)));
                    for (int col : g) {
                        if (r.pruned(row, col) == 0.0f) continue;
                        ++kept;
                        QVERIFY2(r.pruned(row, col) == w(row, col), where);
                        QVERIFY2(std::fabs(w(row, col)) == largest, where);
                    }
                    QVERIFY2(kept == (largest > 0.0f ? 1 : 0), where);
                }
            }
            QVERIFY2(r.metrics.pruned == conflicts, where);

            // The packed layer is the pruned matrix, cell for cell and as a linear map.
            QVERIFY2(r.packed.expand() == r.pruned, where);
            SplitMix64 rng(seed);
            std::vector<double> x(static_cast<std::size_t>(w.cols()));
            for (double& v : x) v = rng.normal();
            const std::vector<double> yPacked = r.packed.multiply(x);
            const std::vector<double> yPruned = r.pruned.multiply(x);
            for (std::size_t i = 0; i < yPacked.size(); ++i) QVERIFY2(std::fabs(yPacked[i] - yPruned[i]) <= 1e-9 * (1.0 + std::fabs(yPruned[i])), where);
            for (int row = 0; row < r.packed.rows(); ++row)
                for (int g = 0; g < r.packed.groupCount(); ++g) {
                    const int sel = r.packed.select()(row, g);
                    QVERIFY2(sel == -1 ? r.packed.weights()(row, g) == 0.0f : std::find(groups[static_cast<std::size_t>(g)].begin(), groups[static_cast<std::size_t>(g)].end(), sel) != groups[static_cast<std::size_t>(g)].end(), where);
                }

            // The lower bound is a real bound.
            QVERIFY2(r.metrics.groupsLowerBound.value() <= r.metrics.groups, where);
            QVERIFY2(r.metrics.utilizationAfter >= 0.0 && r.metrics.utilizationAfter <= 1.0, where);

            if (c.params.method == CombineMethod::None) {
                QVERIFY2(r.pruned == w, where);
                QCOMPARE(r.metrics.groups, r.metrics.nonzeroColumns);
                QCOMPARE(r.metrics.utilizationAfter, r.metrics.utilizationBefore);
                QCOMPARE(r.metrics.tilesAfter, r.metrics.tilesBefore);
            }
        }
    }

    void replayingTheStepsGivesTheFinalGroups_data() { invariantsHoldOnRandomMatrices_data(); }

    void replayingTheStepsGivesTheFinalGroups()
    {
        QFETCH(int, method);
        for (std::uint64_t seed = 1; seed <= 150; ++seed) {
            Case c = randomCase(seed, static_cast<CombineMethod>(method));
            c.params.pairwiseSectionColumns = seed % 3 == 0 ? 0 : 64;
            CombiningSteps steps;
            const PackingResult listened = packLayer(c.weights, c.params, &steps);
            const PackingResult quiet = packLayer(c.weights, c.params);
            // Listening changes nothing.
            QVERIFY2(listened.packed.groups() == quiet.packed.groups(), c.label.c_str());
            QVERIFY2(listened.pruned == quiet.pruned, c.label.c_str());
            QVERIFY2(steps.groups == quiet.packed.groups(), c.label.c_str());
            const std::size_t combining = static_cast<std::size_t>(std::count_if(steps.steps.begin(), steps.steps.end(), [](const CombiningStep& s) {
                return !std::holds_alternative<PruneStep>(s);
            }));
            QVERIFY2(replayGroups(steps, combining) == quiet.packed.groups(), c.label.c_str());
            // Prune steps come last, one per group, and drop exactly the pruned weights.
            long long dropped = 0;
            for (std::size_t k = combining; k < steps.steps.size(); ++k) {
                const auto* p = std::get_if<PruneStep>(&steps.steps[k]);
                QVERIFY2(p && p->group == static_cast<int>(k - combining), c.label.c_str());
                for (const DroppedWeight& d : p->dropped) {
                    QVERIFY(listened.pruned(d.row, d.column) == 0.0f && c.weights(d.row, d.column) != 0.0f);
                    QVERIFY(listened.pruned(d.row, d.keptColumn) == d.keptWeight);
                    QVERIFY(std::fabs(d.keptWeight) >= std::fabs(d.weight));
                }
                dropped += static_cast<long long>(p->dropped.size());
            }
            QCOMPARE(steps.steps.size() - combining, quiet.packed.groups().size());
            QCOMPARE(dropped, quiet.metrics.pruned);
        }
    }

    void everyStepKeepsAlphaAndTheBudget()
    {
        for (std::uint64_t seed = 1; seed <= 150; ++seed) {
            for (CombineMethod method : {CombineMethod::Pairwise, CombineMethod::Greedy}) {
                const Case c = randomCase(seed, method);
                CombiningSteps steps;
                packLayer(c.weights, c.params, &steps);
                const SparsityPattern pattern(c.weights);
                const int budget = conflictBudget(c.params.gamma, c.weights.rows());
                QCOMPARE(steps.budget, budget);
                QCOMPARE(steps.startColumns, c.weights.nonzeroColumns());
                int merges = 0, places = 0;
                ColumnGroups now;  // greedy's groups so far
                for (std::size_t k = 0; k < steps.steps.size(); ++k) {
                    if (const auto* m = std::get_if<MergeStep>(&steps.steps[k])) {
                        ++merges;
                        QVERIFY2(m->conflicts <= budget && static_cast<int>(m->group.size() + m->partner.size()) <= c.params.alpha, c.label.c_str());
                        ColumnGroup both = m->group;
                        both.insert(both.end(), m->partner.begin(), m->partner.end());
                        QCOMPARE(m->conflicts, groupConflicts(pattern, both));
                        QVERIFY(m->rowsCovered <= m->rows);
                    } else if (const auto* p = std::get_if<PlaceStep>(&steps.steps[k])) {
                        QCOMPARE(p->densityRank, places++);
                        QVERIFY2(p->groupConflicts <= budget, c.label.c_str());
                        if (p->opened) now.push_back({p->column});
                        else now[static_cast<std::size_t>(p->group)].push_back(p->column);
                        QVERIFY2(static_cast<int>(now[static_cast<std::size_t>(p->group)].size()) <= c.params.alpha, c.label.c_str());
                        QCOMPARE(p->groupConflicts, groupConflicts(pattern, now[static_cast<std::size_t>(p->group)]));
                        for (const RefusedGroup& r : p->refused)
                            QVERIFY(r.reason == Refusal::Full ? static_cast<int>(now[static_cast<std::size_t>(r.group)].size()) == c.params.alpha
                                                              : r.conflicts > budget);
                    }
                }
                if (method == CombineMethod::Pairwise)  // every merge removes one group
                    QCOMPARE(merges, static_cast<int>(steps.startColumns.size() - steps.groups.size()));
                else {
                    QCOMPARE(places, static_cast<int>(steps.startColumns.size()));
                    QCOMPARE(now, replayGroups(steps, steps.steps.size()));
                }
            }
        }
    }

    void theStepThroughPresetSeparatesTheMethods()
    {
        const StepThroughExample e = stepThroughExample();
        QCOMPARE(e.weights.rows(), 8);
        QCOMPARE(e.weights.cols(), 12);
        PackingParams pairwise = e.params;
        pairwise.method = CombineMethod::Pairwise;
        const PackingResult greedy = packLayer(e.weights, e.params);
        const PackingResult released = packLayer(e.weights, pairwise);
        QCOMPARE(greedy.packed.groupCount(), 4);
        QCOMPARE(released.packed.groupCount(), 6);
        QVERIFY(greedy.metrics.pruned > 0);  // the conflicts have something to show
    }

    void stepViewsShowTheGroupsSoFarAndTheStepsCells()
    {
        const StepThroughExample e = stepThroughExample();
        for (CombineMethod method : {CombineMethod::Greedy, CombineMethod::Pairwise}) {
            PackingParams p = e.params;
            p.method = method;
            CombiningSteps steps;
            const PackingResult r = packLayer(e.weights, p, &steps);
            const StepView start = viewAfterSteps(e.weights, steps, 0);
            QVERIFY(start.caption.starts_with("Start:"));
            QCOMPARE(start.pruned, e.weights);  // nothing pruned before the pruning steps
            QCOMPARE(static_cast<int>(start.groups.size()), method == CombineMethod::Greedy ? 0 : 12);
            const StepView end = viewAfterSteps(e.weights, steps, steps.steps.size());
            QCOMPARE(end.groups, r.packed.groups());
            QCOMPARE(end.pruned, r.pruned);
            QVERIFY(end.caption.find("done: " + std::to_string(r.packed.groupCount()) + " groups") != std::string::npos);
            for (std::size_t k = 1; k <= steps.steps.size(); ++k) {
                const StepView v = viewAfterSteps(e.weights, steps, k);
                QVERIFY(!v.columns.empty());
                for (const auto& [row, col] : v.conflicts) QVERIFY(e.weights(row, col) != 0.0f);
                QVERIFY(v.caption.find(describeStep(steps.steps[k - 1])) != std::string::npos);
            }
        }
    }

    void steppedFramesEqualReplayingFromTheStart()
    {
        // SteppedPacking seeks from its nearest checkpoint. Every frame, on both sides of each
        // checkpoint, must show what replaying every step from the first shows, and the last
        // frame must be the packing itself.
        for (CombineMethod method : {CombineMethod::Greedy, CombineMethod::Pairwise}) {
            PackingParams p;
            p.alpha = 4;
            p.gamma = 0.25;
            p.method = method;
            p.array = {16, 16};
            const FilterMatrix w = randomSparseMatrix(24, 180, 0.12, method == CombineMethod::Greedy ? 7 : 8);
            const SteppedPacking stepped(w, p);
            QVERIFY2(stepped.stepCount() > 2 * SteppedPacking::kCheckpointSteps, "too few steps to cross two checkpoints");
            CombiningSteps steps;
            const PackingResult r = packLayer(w, p, &steps);
            QCOMPARE(stepped.stepCount(), steps.steps.size());
            for (std::size_t k = 0; k <= stepped.stepCount(); ++k) {
                const SteppedFrame f = stepped.frame(k);
                const StepView v = viewAfterSteps(w, steps, k);
                QCOMPARE(f.packing->packed.groups(), v.groups);
                QVERIFY(f.packing->pruned == v.pruned);
                QCOMPARE(f.columns, v.columns);
                QCOMPARE(f.caption, v.caption);
                QCOMPARE(f.packing->metrics.groups, static_cast<int>(v.groups.size()));
            }
            const SteppedFrame last = stepped.frame(stepped.stepCount() + 5);  // clamped
            QCOMPARE(last.packing->packed.groups(), r.packed.groups());
            QVERIFY(last.packing->pruned == r.pruned);
            QCOMPARE(last.packing->metrics.utilizationAfter, r.metrics.utilizationAfter);
            QCOMPARE(last.packing->metrics.tilesAfter, r.metrics.tilesAfter);
        }
    }

    void stepsReadAsPlainWords()
    {
        MergeStep m{0, {0, 4}, {1, 9}, 2, 6, 14, 16};
        QCOMPARE(describeStep(m), std::string("group {1, 9} joins group {0, 4}: 2 conflicts, budget 6; covers 14 of 16 rows"));
        PlaceStep p;
        p.column = 7;
        p.columnNnz = 5;
        p.densityRank = 2;
        p.group = 2;
        p.conflictsAdded = 1;
        p.groupConflicts = 3;
        p.budget = 6;
        p.refused = {{0, Refusal::Full, 0}, {1, Refusal::OverBudget, 8}};
        QCOMPARE(describeStep(p), std::string("column 7 (5 weights, density rank 3) joins group 2: +1 conflict (3 of budget 6); group 0 is full; "
                                              "group 1 would exceed the budget"));
    }

    void packingLayersInParallelEqualsOneByOne()
    {
        std::vector<FilterMatrix> layers;
        std::vector<PackingParams> params;
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            const Case c = randomCase(seed, seed % 2 ? CombineMethod::Pairwise : CombineMethod::Greedy);
            layers.push_back(c.weights);
            params.push_back(c.params);
        }
        const std::vector<PackingResult> together = packLayers(layers, params, 2);
        QCOMPARE(together.size(), layers.size());
        for (std::size_t k = 0; k < layers.size(); ++k) {
            const PackingResult alone = packLayer(layers[k], params[k]);
            QVERIFY(together[k].packed.groups() == alone.packed.groups());
            QVERIFY(together[k].pruned == alone.pruned);
            QCOMPARE(together[k].metrics.tilesAfter, alone.metrics.tilesAfter);
        }
        const auto refusal = [&](std::span<const PackingParams> p) -> std::string {
            try {
                packLayers(layers, p);
            } catch (const std::invalid_argument& e) {
                return e.what();
            }
            return "(no error)";
        };
        params[5].alpha = 0;
        QVERIFY(refusal(params).starts_with("layer 5: alpha"));
        QVERIFY(refusal(std::span(params).first(3)).find("parameter sets") != std::string::npos);
    }

    void packingIsDeterministic()
    {
        // Layers of several 256-column sections each (the last one short), packed one at a time
        // and by packLayers on one thread and on four: the same groups every time.
        std::vector<FilterMatrix> layers;
        std::vector<PackingParams> params;
        for (int i = 0; i < 6; ++i) {
            layers.push_back(randomSparseMatrix(96 + 16 * i, 600 + 97 * i, 0.05 + 0.03 * i, 30 + static_cast<std::uint64_t>(i)));
            PackingParams p;
            p.method = i % 2 == 0 ? CombineMethod::Pairwise : CombineMethod::Greedy;
            p.gamma = 0.25 * i;
            params.push_back(p);
        }
        QCOMPARE(params[0].pairwiseSectionColumns, 256);
        const std::vector<PackingResult> oneThread = packLayers(layers, params, 1);
        const std::vector<PackingResult> fourThreads = packLayers(layers, params, 4);
        for (std::size_t i = 0; i < layers.size(); ++i) {
            const PackingResult alone = packLayer(layers[i], params[i]);
            QCOMPARE(oneThread[i].packed.groups(), alone.packed.groups());
            QCOMPARE(fourThreads[i].packed.groups(), alone.packed.groups());
            QVERIFY(fourThreads[i].pruned == alone.pruned);
        }
        QVERIFY(oneThread[0].packed.groups() != oneThread[2].packed.groups());  // different layers really differ
    }

    void gammaZeroPrunesNothing()
    {
        const FilterMatrix m = randomSparseMatrix(64, 200, 0.1, 9);
        for (CombineMethod method : {CombineMethod::Pairwise, CombineMethod::Greedy}) {
            PackingParams p;
            p.gamma = 0.0;
            p.method = method;
            const PackingResult r = packLayer(m, p);
            QCOMPARE(r.metrics.pruned, 0LL);
            QVERIFY(r.pruned == m);
            QVERIFY(r.metrics.groups < r.metrics.nonzeroColumns);
        }
    }

    void lowerBoundFindsTheCliqueWhenGammaIsZero()
    {
        // Five columns that pairwise share a row but never three in one row: the row bound says 2,
        // the clique says 5 (= the optimum).
        FilterMatrix m(10, 5);
        int row = 0;
        for (int a = 0; a < 5; ++a)
            for (int b = a + 1; b < 5; ++b, ++row) m(row, a) = m(row, b) = 1.0f;
        const GroupLowerBound bound = groupsLowerBound(SparsityPattern(m), 8, 0);
        QCOMPARE(bound.rows, 2);
        QCOMPARE(bound.clique, 5);
        PackingParams p;
        p.gamma = 0.0;
        QCOMPARE(packLayer(m, p).metrics.groups, 5);
    }

    void metricsOfAKnownPacking()
    {
        // 2 x 4, columns 0 and 2 disjoint, 1 and 3 disjoint: alpha 2, gamma 0 packs into 2 groups.
        FilterMatrix m(2, 4);
        m(0, 0) = 1;
        m(1, 2) = 2;
        m(0, 1) = -3;
        m(1, 3) = 4;
        PackingParams p;
        p.alpha = 2;
        p.gamma = 0.0;
        p.array = {1, 1};
        const PackingResult r = packLayer(m, p);
        QCOMPARE(r.metrics.groups, 2);
        QCOMPARE(r.metrics.utilizationBefore, 0.5);
        QCOMPARE(r.metrics.utilizationAfter, 1.0);
        QCOMPARE(r.metrics.tilesBefore, 8LL);
        QCOMPARE(r.metrics.tilesAfter, 4LL);
        QCOMPARE(r.metrics.weightKeptFraction, 1.0);
    }

    void badParametersAreRejectedWithTheirName()
    {
        const FilterMatrix m = randomSparseMatrix(4, 4, 0.5, 1);
        PackingParams p;
        p.alpha = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, packLayer(m, p));
        QVERIFY(validatePackingParams(p).find("alpha") != std::string::npos);
        p = {};
        p.gamma = -1;
        QVERIFY(validatePackingParams(p).find("gamma") != std::string::npos);
        p.gamma = std::nan("");
        QVERIFY(validatePackingParams(p).find("gamma") != std::string::npos);
        p = {};
        p.array = {0, 4};
        QVERIFY(validatePackingParams(p).find("array") != std::string::npos);
    }

    void packedLayerRejectsUnprunedConflicts()
    {
        FilterMatrix m(1, 2);
        m(0, 0) = m(0, 1) = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PackedLayer(m, {{0, 1}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PackedLayer(m, {{0}, {0}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PackedLayer(m, {{2}}));
    }

    void nmKeepsTheNLargestOfEveryMChannelsAtEachKernelPosition()
    {
        // 2:4 on a hand example: 8 channels at 2 kernel positions (columns channel x 2 + position).
        // Groups: channels 0-3 at position 0 = columns {0, 2, 4, 6}, at position 1 = {1, 3, 5, 7},
        // channels 4-7 = {8, ..., 14} and {9, ..., 15}.
        FilterMatrix w(1, 16);
        const float row[16] = {4, 1, -3, 0, 0.5f, 2, 1, -2, 1, 1, 1, 0, 1, 0, 0, 0};
        for (int c = 0; c < 16; ++c) w(0, c) = row[c];
        PackingParams p;
        p.method = CombineMethod::NM;
        p.n = 2;
        p.m = 4;
        p.kernelPositions = 2;
        const PackingResult r = packLayer(w, p);
        QCOMPARE(r.packed.groups(), (ColumnGroups{{0, 2, 4, 6}, {1, 3, 5, 7}, {8, 10, 12, 14}, {9, 11, 13, 15}}));
        // {4, -3, 0.5, 1} keeps 4, -3; {1, 0, 2, -2} keeps 2 and -2 (ties by magnitude: both 2);
        // {1, 1, 1, 0} keeps the first two 1s; {1, 0, 0, 0} keeps its only weight.
        const float kept[16] = {4, 0, -3, 0, 0, 2, 0, -2, 1, 1, 1, 0, 0, 0, 0, 0};
        for (int c = 0; c < 16; ++c) QVERIFY2(r.pruned(0, c) == kept[c], QByteArray::number(c));
        QCOMPARE(r.packed.columns(), 8);  // 4 groups x 2 lanes
        QCOMPARE(r.metrics.arrayColumns, 8);
        QCOMPARE(r.metrics.groups, 4);
        QCOMPARE(r.metrics.multiplexerWidth, 4);
        QCOMPARE(r.packed.select()(0, 0), 0);  // lanes fill in column order
        QCOMPARE(r.packed.select()(0, 1), 2);
        QCOMPARE(r.packed.select()(0, 7), -1);
        QCOMPARE(r.metrics.paddedGroups, 0);

        // Random layers, N:M, kernel positions and channel counts that M does not divide.
        for (std::uint64_t seed = 1; seed <= 200; ++seed) {
            SplitMix64 rng(seed);
            const int positions = std::array{1, 1, 4, 9}[rng.below(4)];
            const int channels = 1 + rng.below(40);
            const int m = 2 + rng.below(9);
            const int n = 1 + rng.below(m - 1);
            FilterMatrix x = randomSparseMatrix(1 + rng.below(30), channels * positions, rng.uniform(), seed * 31);
            if (rng.below(3) == 0)  // ties in magnitude
                for (int r = 0; r < x.rows(); ++r)
                    for (int c = 0; c < x.cols(); ++c) x(r, c) = x(r, c) == 0.0f ? 0.0f : (x(r, c) > 0 ? 1.0f : -1.0f);
            p.n = n;
            p.m = m;
            p.kernelPositions = positions;
            const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed)) + " " + QByteArray::number(n) + ":" + QByteArray::number(m);
            const PackingResult q = packLayer(x, p);
            QVERIFY2(q.pruned == referenceNM(x, n, m, positions), where);
            int columns = 0;
            for (const ColumnGroup& g : q.packed.groups()) columns += std::min<int>(n, static_cast<int>(g.size()));
            QVERIFY2(q.packed.columns() == columns, where);
            QVERIFY2(q.packed.expand() == q.pruned, where);
            for (int row = 0; row < q.packed.rows(); ++row)
                for (int j = 0; j < q.packed.columns(); ++j) {
                    const int sel = q.packed.select()(row, j);
                    const ColumnGroup& g = q.packed.groups()[static_cast<std::size_t>(q.packed.groupOfArrayColumn()[static_cast<std::size_t>(j)])];
                    QVERIFY2(sel == -1 || std::find(g.begin(), g.end(), sel) != g.end(), where);
                }
            QVERIFY2(q.metrics.paddedGroups == (channels % m != 0 ? positions : 0), where);
            QVERIFY2(q.metrics.pruned == x.nnz() - q.pruned.nnz(), where);
        }
    }

    void fixedGroupsAreOneToAlphaAndIgnoreGamma()
    {
        for (std::uint64_t seed = 1; seed <= 60; ++seed) {
            SplitMix64 rng(seed);
            const int alpha = 2 + rng.below(15);
            const FilterMatrix w = randomSparseMatrix(1 + rng.below(50), 1 + rng.below(120), rng.uniform(), seed);
            PackingParams fixed;
            fixed.method = CombineMethod::Fixed;
            fixed.alpha = alpha;
            fixed.gamma = rng.below(4) * 0.5;
            PackingParams nm = fixed;
            nm.method = CombineMethod::NM;
            nm.n = 1;
            nm.m = alpha;
            const PackingResult a = packLayer(w, fixed);
            const PackingResult b = packLayer(w, nm);
            const QByteArray where = "seed " + QByteArray::number(static_cast<qulonglong>(seed));
            QVERIFY2(a.pruned == b.pruned && a.packed.groups() == b.packed.groups(), where);
            QVERIFY2(a.pruned == referenceNM(w, 1, alpha, 1), where);
            QVERIFY2(a.packed.columns() == a.packed.groupCount(), where);
            for (const ColumnGroup& g : a.packed.groups())  // consecutive columns, starting on a multiple of alpha
                for (std::size_t k = 0; k < g.size(); ++k) QVERIFY2(g[k] == g.front() + static_cast<int>(k) && g.front() % alpha == 0, where);
        }
    }

    void nmStepsExplainEachGroupInOneCaption()
    {
        FilterMatrix w(2, 4);
        w(0, 0) = 3;
        w(0, 1) = -1;
        w(0, 2) = 2;
        w(1, 3) = 1;
        PackingParams p;
        p.method = CombineMethod::NM;
        p.n = 2;
        p.m = 4;
        CombiningSteps steps;
        const PackingResult r = packLayer(w, p, &steps);
        QCOMPARE(steps.steps.size(), std::size_t{1});  // no combining decisions: one prune step
        QCOMPARE(replayGroups(steps, steps.steps.size()), r.packed.groups());
        QCOMPARE(describeStep(steps.steps.front()),
                 std::string("group 0 {0, 1, 2, 3}: each row keeps its 2 largest of 4; prunes 1 weight (row 0: keeps 2 of column 2, drops -1 of column 1)"));
    }

    void nmAndFixedRefuseWhatTheyCannotGroup()
    {
        PackingParams p;
        p.method = CombineMethod::NM;
        p.n = 4;
        p.m = 4;
        QVERIFY(validatePackingParams(p).find("1 <= N < M") != std::string::npos);
        p.n = 2;
        p.kernelPositions = 9;
        try {
            packLayer(FilterMatrix(3, 10), p);
            QFAIL("10 columns are not whole channels of 9 kernel positions");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("not whole channels of 9 kernel positions") != std::string::npos, e.what());
        }
        QCOMPARE(parseMethodChoice("nm:2:4"), std::optional<MethodChoice>(MethodChoice{CombineMethod::NM, 2, 4}));
        QCOMPARE(parseMethodChoice("fixed"), std::optional<MethodChoice>(MethodChoice{CombineMethod::Fixed, 2, 4}));
        for (const char* bad : {"nm:4:2", "nm:0:4", "nm:2", "nm:a:4", "nm:2:4:1", "nm:1:65", "fixd"}) QVERIFY2(!parseMethodChoice(bad), bad);
        QCOMPARE(methodChoiceName({CombineMethod::NM, 1, 8}), std::string("nm:1:8"));
    }

    // Exact and search are checked against a statement of the problem written here from the
    // matrix itself: a group's conflicts are, row by row, its nonzeros beyond the first.
    static int conflictsByRows(const FilterMatrix& w, const ColumnGroup& group)
    {
        int conflicts = 0;
        for (int r = 0; r < w.rows(); ++r) {
            int held = 0;
            for (int c : group) held += w(r, c) != 0.0f ? 1 : 0;
            conflicts += std::max(0, held - 1);
        }
        return conflicts;
    }

    static bool isPackingWithin(const FilterMatrix& w, const ColumnGroups& groups, int alpha, int budget)
    {
        std::vector<int> seen(static_cast<std::size_t>(w.cols()), 0);
        for (const ColumnGroup& g : groups) {
            if (g.empty() || static_cast<int>(g.size()) > alpha || conflictsByRows(w, g) > budget) return false;
            for (int c : g) ++seen[static_cast<std::size_t>(c)];
        }
        for (int c = 0; c < w.cols(); ++c) {
            bool nonzero = false;
            for (int r = 0; r < w.rows(); ++r) nonzero = nonzero || w(r, c) != 0.0f;
            if (seen[static_cast<std::size_t>(c)] != (nonzero ? 1 : 0)) return false;
        }
        return true;
    }

    // The fewest groups, by trying every assignment of columns to groups (column i joins one of
    // the groups so far or opens the next), cut when it cannot beat the best.
    static int bruteForceGroups(const FilterMatrix& w, int alpha, int budget)
    {
        std::vector<int> columns;
        for (int c = 0; c < w.cols(); ++c)
            for (int r = 0; r < w.rows(); ++r)
                if (w(r, c) != 0.0f) {
                    columns.push_back(c);
                    break;
                }
        int best = static_cast<int>(columns.size());
        ColumnGroups groups;
        std::function<void(std::size_t)> place = [&](std::size_t i) {
            if (static_cast<int>(groups.size()) >= best) return;
            if (i == columns.size()) {
                best = static_cast<int>(groups.size());
                return;
            }
            for (std::size_t g = 0; g < groups.size(); ++g) {  // by index: deeper calls grow `groups`
                if (static_cast<int>(groups[g].size()) >= alpha) continue;
                groups[g].push_back(columns[i]);
                if (conflictsByRows(w, groups[g]) <= budget) place(i + 1);
                groups[g].pop_back();
            }
            groups.push_back({columns[i]});
            place(i + 1);
            groups.pop_back();
        };
        place(0);
        return best;
    }

    void exactFindsTheBruteForceOptimumOnTinyLayers()
    {
        SplitMix64 rng(2025);
        int beatsPairwise = 0;
        for (int trial = 0; trial < 150; ++trial) {
            const int rows = 6 + rng.below(7);
            const int cols = 8 + rng.below(4);
            const FilterMatrix w = randomSparseMatrix(rows, cols, 0.15 + 0.3 * rng.uniform(), 500 + static_cast<std::uint64_t>(trial));
            const int alpha = 2 + rng.below(3);
            const double gamma = std::array{0.0, 0.0, 0.2, 0.5}[static_cast<std::size_t>(rng.below(4))];
            const CombineLimits limits{alpha, conflictBudget(gamma, rows)};
            const SparsityPattern pattern(w);
            const int optimum = bruteForceGroups(w, limits.alpha, limits.conflictBudget);
            // From pairwise's packing, so the solver, not the search, must close any gap.
            const ColumnGroups pairwise = PairwiseCombiner(0).combine(pattern, limits);
            const ExactPacking exact = packExactlyFrom(pattern, limits, pairwise, 30.0);
            const QString where = QString("trial %1: %2 x %3, alpha %4, budget %5").arg(trial).arg(rows).arg(cols).arg(alpha).arg(limits.conflictBudget);
            QVERIFY2(exact.optimal, qPrintable(where));
            QVERIFY2(static_cast<int>(exact.groups.size()) == optimum,
                     qPrintable(where + QString(": exact %1, brute force %2").arg(exact.groups.size()).arg(optimum)));
            QCOMPARE(exact.bound, optimum);
            QVERIFY2(isPackingWithin(w, exact.groups, limits.alpha, limits.conflictBudget), qPrintable(where));
            QCOMPARE(static_cast<int>(packExactly(pattern, limits, 30.0).groups.size()), optimum);
            beatsPairwise += static_cast<int>(pairwise.size()) > optimum ? 1 : 0;
        }
        // The reason exact exists: the heuristics miss the optimum on some of these.
        QVERIFY2(beatsPairwise > 0, "pairwise was optimal on every tiny layer");
    }

    void exactStopsAtItsTimeLimitWithAPackingAndABound()
    {
        const FilterMatrix w = randomSparseMatrix(128, 128, 0.1, 1);
        const SparsityPattern pattern(w);
        const CombineLimits limits{8, 0};
        const ExactPacking exact = packExactly(pattern, limits, 0.5);
        QVERIFY(isPackingWithin(w, exact.groups, 8, 0));
        QVERIFY(exact.bound >= groupsLowerBound(pattern, 8, 0).value());
        QVERIFY(exact.bound <= static_cast<int>(exact.groups.size()));
        QCOMPARE(exact.optimal, exact.bound == static_cast<int>(exact.groups.size()));
        QVERIFY(exact.log.find("bound") != std::string::npos);
        // packLayer reports the exact bound in the metrics: optimal exactly when groups meet it.
        PackingParams params;
        params.alpha = 8;
        params.gamma = 0.0;
        params.method = CombineMethod::Exact;
        params.seconds = 0.5;
        const PackingResult r = packLayer(w, params);
        QVERIFY(r.metrics.groupsLowerBound.proof > 0);
        QVERIFY(r.metrics.groupsLowerBound.value() <= r.metrics.groups);
        QVERIFY(!r.solverLog.empty());
    }

    void searchIsNeverWorseThanPairwiseAndKeepsTheLimits()
    {
        SplitMix64 rng(77);
        int fewerGroups = 0;
        int fewerConflicts = 0;
        for (int trial = 0; trial < 40; ++trial) {
            const int rows = 8 + rng.below(120);
            const int cols = 8 + rng.below(150);
            const FilterMatrix w = randomSparseMatrix(rows, cols, 0.02 + 0.3 * rng.uniform(), 900 + static_cast<std::uint64_t>(trial));
            const int alpha = 2 + rng.below(15);
            const double gamma = std::array{0.0, 0.25, 0.5, 1.75}[static_cast<std::size_t>(rng.below(4))];
            const CombineLimits limits{alpha, conflictBudget(gamma, rows)};
            const SparsityPattern pattern(w);
            const ColumnGroups pairwise = PairwiseCombiner().combine(pattern, limits);
            const SearchBudget budget{0.05, static_cast<unsigned>(trial)};
            const ColumnGroups found = improvePacking(pattern, limits, searchStart(pattern, limits, 256), budget);
            const QString where = QString("trial %1: %2 x %3, alpha %4, budget %5").arg(trial).arg(rows).arg(cols).arg(alpha).arg(limits.conflictBudget);
            QVERIFY2(found.size() <= pairwise.size(), qPrintable(where));
            QVERIFY2(isPackingWithin(w, found, limits.alpha, limits.conflictBudget), qPrintable(where));
            QVERIFY2(found == improvePacking(pattern, limits, searchStart(pattern, limits, 256), budget), qPrintable(where + ": not deterministic"));
            fewerGroups += found.size() < pairwise.size() ? 1 : 0;
            int before = 0, after = 0;
            for (const ColumnGroup& g : pairwise) before += conflictsByRows(w, g);
            for (const ColumnGroup& g : found) after += conflictsByRows(w, g);
            fewerConflicts += found.size() == pairwise.size() && after < before ? 1 : 0;
        }
        QVERIFY2(fewerGroups > 0, "the search never found fewer groups than pairwise");
        QVERIFY2(fewerConflicts > 0, "the search never found fewer conflicts at pairwise's group count");
    }

    void searchAndExactHearTheirCancel()
    {
        const FilterMatrix w = randomSparseMatrix(128, 128, 0.1, 1);
        const SparsityPattern pattern(w);
        for (const CombineMethod method : {CombineMethod::Search, CombineMethod::Exact}) {
            PackingParams params;
            params.gamma = 0.0;
            params.method = method;
            params.seconds = 600.0;
            std::atomic<bool> cancel{false};
            std::thread raise([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(300));
                cancel = true;
            });
            bool cancelled = false;
            try {
                packLayer(w, params, nullptr, &cancel);
            } catch (const PackingCancelled&) {
                cancelled = true;
            }
            raise.join();
            QVERIFY2(cancelled, qPrintable(QString::fromStdString(methodName(method)) + " ran to its end although cancelled"));
        }
    }

    void aMissingSolverSaysWhatToInstall()
    {
        qputenv("COLCOMB_SAT_MODULE", "/nonexistent/libcolcomb_sat.so");
        bool missing = false;
        try {
            packExactly(SparsityPattern(randomSparseMatrix(8, 8, 0.3, 1)), {2, 0}, 1.0);
        } catch (const ExactSolverMissing& e) {
            missing = std::string(e.what()).find("libcadical-dev") != std::string::npos;
        }
        qunsetenv("COLCOMB_SAT_MODULE");
        QVERIFY(missing);
    }

    void searchAndExactStepsAreTheirStartAndTheirEnd()
    {
        const FilterMatrix w = randomSparseMatrix(40, 60, 0.1, 3);
        for (const CombineMethod method : {CombineMethod::Search, CombineMethod::Exact}) {
            PackingParams params;
            params.gamma = 0.0;
            params.method = method;
            params.seconds = 2.0;
            CombiningSteps steps;
            const PackingResult r = packLayer(w, params, &steps);
            QVERIFY(std::holds_alternative<RegroupStep>(steps.steps.at(0)));
            QVERIFY(std::holds_alternative<RegroupStep>(steps.steps.at(1)));
            QCOMPARE(replayGroups(steps, steps.steps.size()), r.packed.groups());
            QVERIFY(describeStep(steps.steps[0]).starts_with("start: the better of pairwise and greedy"));
        }
    }

    void timedMethodsSpellTheirEffort()
    {
        QCOMPARE(methodChoiceName(*parseMethodChoice("search:5:7")), std::string("search:5:7"));
        QCOMPARE(parseMethodChoice("search:5:7")->seed, 7u);
        QCOMPARE(parseMethodChoice("exact:120")->seconds, 120.0);
        QCOMPARE(methodChoiceName(*parseMethodChoice("exact")), std::string("exact"));
        QCOMPARE(methodChoiceName(*parseMethodChoice("search:0.5")), std::string("search:0.5"));
        for (const char* bad : {"exact:0", "exact:-1", "exact:5:3", "search:x", "search:", "search:1:-2"})
            QVERIFY2(!parseMethodChoice(bad), bad);
    }

    void arrayShapesParse()
    {
        QCOMPARE(parseArrayShape("32x64"), std::optional<ArrayShape>(ArrayShape{32, 64}));
        QCOMPARE(parseArrayShape("8X8"), std::optional<ArrayShape>(ArrayShape{8, 8}));
        for (const char* bad : {"", "32", "0x4", "4x", "x4", "-1x3", "3x3x3", "axb"}) QVERIFY2(!parseArrayShape(bad), bad);
        QCOMPARE(tileCount(64, 65, {32, 32}), 6LL);
        QCOMPARE(tileCount(0, 65, {32, 32}), 0LL);
    }
};

QTEST_APPLESS_MAIN(TestPacking)
#include "tst_packing.moc"
