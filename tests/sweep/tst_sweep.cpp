// Sweeps: the spec's grid and its refusals, shards that partition the points, results that equal
// packing each point by hand, a cache that is used and not fooled, merging shards, and a training
// point on a tiny data set.
#include "../support/TestSupport.h"

#include "base/ParameterError.h"
#include "io/MatrixFile.h"
#include "io/Npz.h"
#include "matrix/RandomMatrix.h"
#include "sweep/Figures.h"
#include "sweep/Sweep.h"
#include "sweep/SweepResults.h"
#include "systolic/NetworkPacking.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <set>

using namespace colcomb;
using nlohmann::json;

namespace {

// The ParameterError message of parsing `spec`, or "(no error)".
std::string specError(const json& spec)
{
    try {
        parseSweepSpec(spec);
    } catch (const ParameterError& e) {
        return e.what();
    }
    return "(no error)";
}

FigureOptions paretoOf(const std::string& x, const std::string& y)
{
    FigureOptions o;
    o.x = x;
    o.y = y;
    return o;
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const std::string& name) const { return (std::filesystem::path(m_dir.path().toStdString()) / name).string(); }

    // A 96 x 160 layer at 15% density as a .npy file, and a spec over it.
    std::string layerFile()
    {
        const std::string file = path("layer.npy");
        if (!std::filesystem::exists(file)) saveFilterMatrix(file, randomSparseMatrix(96, 160, 0.15, 7));
        return file;
    }

private slots:

    void figuresDrawTheResultsNumbers()
    {
        const SweepSpec spec = parseSweepSpec({{"input", layerFile()}, {"grid", {{"alpha", {1, 4, 8}}, {"gamma", {0, 0.5, 1}}}}});
        const Sweep sweep(spec, SweepCache());
        std::vector<json> results;
        for (std::size_t k = 0; k < sweep.points().size(); ++k) results.push_back(sweep.run(k));

        // Gamma: one utilization series per alpha, x sorted, y the results' utilization in %.
        const FigureData gamma = makeFigure(FigureKind::Gamma, results);
        QCOMPARE(gamma.series.size(), std::size_t{3});
        QVERIFY(gamma.missing.find("no accuracy") != std::string::npos);  // a packing sweep
        for (const FigureSeries& s : gamma.series) {
            QCOMPARE(s.points.size(), std::size_t{3});
            for (std::size_t i = 0; i < s.points.size(); ++i) {
                const json& r = results[s.points[i].result];
                QCOMPARE(s.points[i].x, r["gamma"].get<double>());
                QCOMPARE(s.points[i].y, r["utilization_after"].get<double>() * 100.0);
                if (i) QVERIFY(s.points[i - 1].x < s.points[i].x);
            }
        }
        // Hardware: the three settings, normalized to the baseline's.
        const FigureData hardware = makeFigure(FigureKind::Hardware, results);
        QCOMPARE(hardware.series.size(), std::size_t{3});
        QCOMPARE(hardware.categories, (std::vector<std::string>{"throughput", "tiles", "energy"}));
        for (const FigurePoint& p : hardware.series[0].points) QCOMPARE(p.y, 1.0);
        const json& ccp = results[hardware.series[2].points[1].result];
        QCOMPARE(ccp["alpha"].get<int>(), 8);
        QCOMPARE(ccp["gamma"].get<double>(), 0.5);
        QCOMPARE(hardware.series[2].points[1].y, ccp["tiles_after"].get<double>() / results[0]["tiles_after"].get<double>());
        // Energy by component: a stacked bar per setting, a series per component that any setting
        // spends on, each point that setting's number; the basis in the title.
        std::vector<json> costed{
            {{"alpha", 1}, {"gamma", 0.0}, {"energy_basis", "weights resident"}, {"energy_after_breakdown_uj", {{"mac", 0.4}, {"sram_data", 0.2}, {"dram_weights", 0.0}}}},
            {{"alpha", 8}, {"gamma", 0.0}, {"energy_basis", "weights resident"}, {"energy_after_breakdown_uj", {{"mac", 0.3}, {"sram_data", 0.25}, {"dram_weights", 0.0}}}},
            {{"alpha", 8}, {"gamma", 0.5}, {"energy_basis", "weights resident"}, {"energy_after_breakdown_uj", {{"mac", 0.1}, {"sram_data", 0.05}, {"dram_weights", 0.0}}}}};
        const FigureData energy = makeFigure(FigureKind::Energy, costed);
        QVERIFY(energy.bars && energy.stacked);
        QCOMPARE(energy.categories.size(), std::size_t{3});
        QVERIFY(energy.title.find("weights resident") != std::string::npos);
        QCOMPARE(energy.series.size(), std::size_t{2});  // no DRAM bar: it is 0 everywhere
        QCOMPARE(energy.series[0].name, std::string("MACs"));
        QCOMPARE(energy.series[1].name, std::string("SRAM data"));
        QCOMPARE(energy.series[1].points[2].y, 0.05);
        QCOMPARE(energy.series[0].points[1].result, std::size_t{1});
        QVERIFY(energy.missing.empty());
        costed.pop_back();
        QVERIFY(makeFigure(FigureKind::Energy, costed).missing.find("pruning") != std::string::npos);
        // Tiles per layer: unstructured pruning, then column combining at the alpha-8 settings.
        const FigureData tiles = makeFigure(FigureKind::Tiles, results);
        QCOMPARE(tiles.categories, std::vector<std::string>{"layer"});
        QCOMPARE(tiles.series.front().points.front().y, results[0]["tiles_before"].get<double>());
        // Bars are labelled by what sets the layers apart: a shared leading word and a shared
        // ".weight" go (the axis says "layer"), unless a label would be left empty.
        const auto labelsOf = [](const std::vector<std::string>& names) {
            json r{{"tiles_before", 1}, {"tiles_after", 1}, {"layer_tiles", json::array()}};
            for (const std::string& n : names) r["layer_tiles"].push_back({{"name", n}, {"tiles_before", 1}, {"tiles_after", 1}});
            return makeFigure(FigureKind::Tiles, {r}).categories;
        };
        QCOMPARE(labelsOf({"layer 0", "layer 4", "layer 28"}), (std::vector<std::string>{"0", "4", "28"}));
        QCOMPARE(labelsOf({"layer1.0.conv1.weight", "conv1.weight", "fc.weight"}), (std::vector<std::string>{"layer1.0.conv1", "conv1", "fc"}));
        QCOMPARE(labelsOf({"conv 1", "conv 1x"}), (std::vector<std::string>{"1", "1x"}));
        QCOMPARE(labelsOf({"a.weight", ".weight"}), (std::vector<std::string>{"a.weight", ".weight"}));
        QCOMPARE(labelsOf({"stem", "stem2"}), (std::vector<std::string>{"stem", "stem2"}));
        // Pareto: the front is exactly the non-dominated points (utilization up, tiles down).
        const FigureData pareto = makeFigure(FigureKind::Pareto, results, paretoOf("utilization_after", "tiles_after"));
        for (std::size_t i = 0; i < results.size(); ++i) {
            const double u = results[i]["utilization_after"], t = results[i]["tiles_after"];
            const bool dominated = std::any_of(results.begin(), results.end(), [&](const json& q) {
                return q["utilization_after"] >= u && q["tiles_after"] <= t && (q["utilization_after"] > u || q["tiles_after"] < t);
            });
            QCOMPARE(std::count(pareto.front.begin(), pareto.front.end(), i) == 1, !dominated);
        }
        // Accuracy asked of a packing sweep: |w| kept instead, and said so.
        const FigureData kept = makeFigure(FigureKind::Pareto, results);
        QCOMPARE(kept.yLabel, std::string("|w| kept (%)"));
        QVERIFY(kept.missing.find("showing |w| kept") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, makeFigure(FigureKind::Pareto, results, paretoOf("speed", "tiles_after")));
        QVERIFY(makeFigure(FigureKind::LimitedData, results).empty());

        // The results as CSV: a row per result, each scalar value as it is in the results.
        const QStringList rows = QString::fromStdString(sweepResultsCsv(results)).trimmed().split('\n');
        QCOMPARE(rows.size(), static_cast<int>(results.size()) + 1);
        const QStringList header = rows[0].split(',');
        QCOMPARE(header.mid(0, 4), (QStringList{"point", "points", "alpha", "gamma"}));
        for (int r = 1; r < rows.size(); ++r) {
            const QStringList values = rows[r].split(',');
            for (int c = 0; c < header.size(); ++c) {
                const json& v = results[static_cast<std::size_t>(r - 1)][header[c].toStdString()];
                if (v.is_number()) QCOMPARE(values[c].toDouble(), v.get<double>());
                else if (v.is_string()) QCOMPARE(values[c], QString::fromStdString(v.get<std::string>()));
            }
        }
    }

    void seriesOfSeveralSweepsKeepApart()
    {
        std::vector<json> results{{{"sweep", "a"}, {"alpha", 8}, {"gamma", 0.0}, {"utilization_after", 0.2}},
                                  {{"sweep", "a"}, {"alpha", 8}, {"gamma", 0.5}, {"utilization_after", 0.6}},
                                  {{"sweep", "b"}, {"alpha", 8}, {"gamma", 0.5}, {"utilization_after", 0.7}}};
        const FigureData f = makeFigure(FigureKind::Gamma, results);
        QCOMPARE(f.series.size(), std::size_t{2});
        QCOMPARE(f.series[0].name, std::string("a: alpha 8"));
        QCOMPARE(f.series[1].points.size(), std::size_t{1});

        // One sweep drawn alone: its own points, indexed into the whole list, and b's single
        // gamma is no gamma figure.
        FigureOptions onlyB;
        onlyB.sweep = "b";
        QVERIFY(makeFigure(FigureKind::Gamma, results, onlyB).empty());
        QVERIFY(makeFigure(FigureKind::Gamma, results, onlyB).missing.find("one gamma only") != std::string::npos);
        results.push_back({{"sweep", "b"}, {"alpha", 8}, {"gamma", 1.0}, {"utilization_after", 0.9}});
        const FigureData b = makeFigure(FigureKind::Gamma, results, onlyB);
        QCOMPARE(b.series.size(), std::size_t{1});
        QCOMPARE(b.series[0].name, std::string("alpha 8"));  // one sweep: no sweep name in the label
        QCOMPARE(b.series[0].points.size(), std::size_t{2});
        QCOMPARE(b.series[0].points[0].result, std::size_t{2});
        QCOMPARE(b.series[0].points[1].result, std::size_t{3});
        FigureOptions none;
        none.sweep += 'c';  // not = "c": GCC 12 warns falsely (-Wrestrict) on that assignment here
        QVERIFY(makeFigure(FigureKind::Gamma, results, none).missing.find("no results of the sweep 'c'") != std::string::npos);
        QCOMPARE(sweepNames(results), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(paperFigureOfSweep("fig2-gamma-quick"), std::optional<FigureKind>(FigureKind::Gamma));
        QCOMPARE(paperFigureOfSweep("fig6-hardware-full"), std::optional<FigureKind>(FigureKind::Hardware));
        QVERIFY(!paperFigureOfSweep("fig1-matrix") && !paperFigureOfSweep("figures") && !paperFigureOfSweep("a"));
    }
    void alphaOnePointsAreOnePointWhateverTheirGamma()
    {
        const SweepCache cache(path("cache-alpha-one"));
        const Sweep sweep(parseSweepSpec({{"input", layerFile()}, {"grid", {{"alpha", {1, 8}}, {"gamma", {0, 0.5}}}}}), cache);
        bool fromCache = true;
        const json first = sweep.run(0, &fromCache);  // alpha 1, gamma 0
        QVERIFY(!fromCache);
        const json second = sweep.run(1, &fromCache);  // alpha 1, gamma 0.5: the same point
        QVERIFY(fromCache);
        QCOMPARE(second["gamma"], json(0.5));  // each line keeps its own label
        QCOMPARE(second["tiles_after"], first["tiles_after"]);
        QCOMPARE(second["weight_kept"], first["weight_kept"]);
        sweep.run(2, &fromCache);  // alpha 8, gamma 0
        QVERIFY(!fromCache);
        sweep.run(3, &fromCache);  // alpha 8, gamma 0.5: another point
        QVERIFY(!fromCache);
    }

    void theGridMultipliesOutInAxisOrder()
    {
        const SweepSpec spec = parseSweepSpec({{"input", "layer.npy"},
                                               {"grid", {{"gamma", {0, 0.5}}, {"alpha", {4, 8}}, {"method", "pairwise"}, {"array", {32, "16x64"}}}}});
        const std::vector<json> points = sweepPoints(spec);
        QCOMPARE(points.size(), std::size_t{8});
        // alpha first, then gamma, method, array: the last varies fastest.
        QCOMPARE(points[0], (json{{"alpha", 4}, {"gamma", 0.0}, {"method", "pairwise"}, {"array", "32x32"}}));
        QCOMPARE(points[1]["array"], json("16x64"));
        QCOMPARE(points[2]["gamma"], json(0.5));
        QCOMPARE(points[4]["alpha"], json(8));
        // A layer-alpha object and a single value per axis.
        const SweepSpec perLayer = parseSweepSpec({{"input", "m.onnx"}, {"grid", {{"alpha", {{{"conv1", 4}, {"*", 8}}}}, {"mac", "bit-serial"}}}});
        QCOMPARE(sweepPoints(perLayer).size(), std::size_t{1});
        QCOMPARE(sweepPoints(perLayer)[0]["alpha"]["conv1"], json(4));
        // A recipe's per-stage alpha is canonical text.
        const SweepSpec training = parseSweepSpec({{"recipe", {{"network", "demo"}}}, {"grid", {{"alpha", {"1, 4,8", 8}}, {"data_fraction", {0.1, 1}}}}});
        QCOMPARE(sweepPoints(training)[0]["alpha"], json("1,4,8"));
        QCOMPARE(sweepPoints(training).size(), std::size_t{4});
        QVERIFY(training.trains());
    }

    void aListOfGridsRunsInTurnAndTheMethodsFigurePutsThemSideBySide()
    {
        // Column combining at its own gamma beside fixed groups and N:M at alpha 8 and unstructured
        // pruning at two densities: points that do not multiply out, one grid after another.
        const SweepSpec spec = parseSweepSpec({{"input", layerFile()},
                                               {"grid", json::array({json{{"alpha", 8}, {"gamma", 0.5}, {"method", "pairwise"}},
                                                                     json{{"alpha", 8}, {"method", {"fixed", "nm:2:4", "nm:1:8"}}},
                                                                     json{{"alpha", {2, 8}}, {"method", "none"}}})}});
        const Sweep sweep(spec, SweepCache());
        QCOMPARE(sweep.points().size(), std::size_t{6});
        QCOMPARE(sweep.points()[0], (json{{"alpha", 8}, {"gamma", 0.5}, {"method", "pairwise"}}));
        QCOMPARE(sweep.points()[2], (json{{"alpha", 8}, {"method", "nm:2:4"}}));
        QCOMPARE(sweep.points()[5], (json{{"alpha", 8}, {"method", "none"}}));
        std::vector<json> results;
        for (std::size_t k = 0; k < sweep.points().size(); ++k) results.push_back(sweep.run(k));
        // The 2:4 point is the layer's 2:4 packing: 40 groups of 4 columns, 2 array columns each.
        const FilterMatrix weights = loadFilterMatrix(layerFile());
        PackingParams nm;
        nm.method = CombineMethod::NM;
        nm.n = 2;
        nm.m = 4;
        const PackingResult expected = packLayer(weights, nm);
        QCOMPARE(expected.metrics.arrayColumns, 80);
        QCOMPARE(results[2]["groups"].get<int>(), 80);
        QCOMPARE(results[2]["utilization_after"].get<double>(), expected.metrics.utilizationAfter);
        QCOMPARE(results[2]["tiles_after"].get<long long>(), expected.metrics.tilesAfter);

        const FigureData f = makeFigure(FigureKind::Methods, results);
        std::vector<std::string> names;
        for (const FigureSeries& series : f.series) names.push_back(series.name);
        QCOMPARE(names, (std::vector<std::string>{"column combining", "fixed groups", "N:M", "unstructured"}));
        QVERIFY(f.missing.find("showing |w| kept") != std::string::npos);  // a packing sweep has no accuracy
        const FigureSeries& nmSeries = f.series[2];
        QCOMPARE(nmSeries.points.size(), std::size_t{2});
        for (const FigurePoint& p : nmSeries.points) {
            QCOMPARE(p.x, results[p.result]["utilization_after"].get<double>() * 100.0);
            QCOMPARE(p.y, results[p.result]["weight_kept"].get<double>() * 100.0);
            QCOMPARE(p.label, results[p.result]["method"].get<std::string>().substr(3));
        }
        QCOMPARE(f.series[0].points.front().label, std::string("gamma 0.5"));
        QCOMPARE(f.series[3].points.size(), std::size_t{2});
        // Against tiles instead.
        FigureOptions tiles;
        tiles.x = "tiles_after";
        QCOMPARE(makeFigure(FigureKind::Methods, results, tiles).series[1].points.front().x, results[1]["tiles_after"].get<double>());

        for (const auto& [grid, expectedError] : std::vector<std::pair<json, std::string>>{
                 {json::array(), "grid: is an empty list"},
                 {json::array({json{{"alpha", 8}}, 3}), "grid[1]: must be an object"},
                 {json::array({json{{"method", {"nm:4:2"}}}}), "grid[0].method[0]: unknown method 'nm:4:2'"}}) {
            const std::string message = specError({{"input", "a.npy"}, {"grid", grid}});
            QVERIFY2(message.find(expectedError) != std::string::npos, message.c_str());
        }
    }

    void badSpecsAreRefusedWithTheKeyNamed()
    {
        const json grid = {{"gamma", {0.5}}};
        const std::vector<std::pair<json, std::string>> cases{
            {json::array(), "spec: a sweep spec is a JSON object"},
            {{{"grid", grid}}, "input: a sweep packs an \"input\""},
            {{{"input", "a.npy"}, {"recipe", json::object()}, {"grid", grid}}, "give exactly one"},
            {{{"input", "a.npy"}}, "grid: a sweep needs a grid"},
            {{{"input", "a.npy"}, {"grid", json::object()}}, "grid: is empty"},
            {{{"input", "a.npy"}, {"grid", {{"alpha", json::array()}}}}, "grid.alpha: is an empty list"},
            {{{"input", "a.npy"}, {"grid", {{"alpah", {1}}}}}, "grid.alpah: unknown axis"},
            {{{"input", "a.npy"}, {"grid", {{"alpha", {0}}}}}, "grid.alpha[0]: 0 is out of range"},
            {{{"input", "a.npy"}, {"grid", {{"alpha", {2.5}}}}}, "grid.alpha[0]: '2.5' is not a whole number"},
            {{{"input", "a.npy"}, {"grid", {{"alpha", {4, 4}}}}}, "grid.alpha: lists 4 twice"},
            {{{"input", "a.npy"}, {"grid", {{"alpha", {"1,4"}}}}}, "grid.alpha[0]: alpha per stage"},
            {{{"input", "a.npy"}, {"grid", {{"gamma", {-0.5}}}}}, "grid.gamma[0]: -0.5 is out of range"},
            {{{"input", "a.npy"}, {"grid", {{"gamma", {"x"}}}}}, "grid.gamma[0]: 'x' is not a number"},
            {{{"input", "a.npy"}, {"grid", {{"method", {"best"}}}}}, "grid.method[0]: unknown method 'best'"},
            {{{"input", "a.npy"}, {"grid", {{"method", {"dense"}}}}}, "grid.method[0]: unknown method 'dense'"},
            {{{"input", "a.npy"}, {"grid", {{"array", {"3y4"}}}}}, "grid.array[0]: '3y4' is not an array size"},
            {{{"input", "a.npy"}, {"grid", {{"mac", {"serial"}}}}}, "grid.mac[0]: 'serial' is not a MAC mode"},
            {{{"input", "a.npy"}, {"grid", {{"data_bits", {17}}}}}, "grid.data_bits[0]: 17 is out of range"},
            {{{"input", "a.npy"}, {"grid", {{"epochs", {1}}}}}, "grid.epochs: trains, so it needs a \"recipe\""},
            {{{"input", "a.npy"}, {"extra", 1}, {"grid", grid}}, "extra: unknown key"},
            {{{"input", "a.npy"}, {"vectors", 0}, {"grid", grid}}, "vectors: 0 is out of range"},
            {{{"recipe", {{"epochs", 0}}}, {"grid", grid}}, "recipe.epochs: 0 is out of range"},
            {{{"recipe", {{"network", "demo"}, {"speed", 1}}}, {"grid", grid}}, "recipe.speed: unknown key"},
            {{{"recipe", json::object()}, {"grid", {{"data_fraction", {0}}}}}, "grid.data_fraction[0]: 0 is out of range"},
            {{{"recipe", json::object()}, {"grid", {{"start", {"pretrained"}}}}}, "grid.start: \"pretrained\" needs recipe.pretrained"},
            {{{"recipe", json::object()}, {"layer", "x"}, {"grid", grid}}, "layer: applies to an input's layers"},
        };
        for (const auto& [spec, expected] : cases) {
            const std::string message = specError(spec);
            QVERIFY2(message.find(expected) != std::string::npos, (spec.dump() + " -> " + message).c_str());
        }
        // From a file, the message names the file too.
        std::ofstream(path("bad.json")) << R"({"input": "layer.npy", "grid": {"gamma": []}})";
        QVERIFY(test::errorOf([&] { readSweepSpec(path("bad.json")); }).find("bad.json: grid.gamma: is an empty list") != std::string::npos);
        std::ofstream(path("broken.json")) << R"({"input": )";
        QVERIFY(test::errorOf([&] { readSweepSpec(path("broken.json")); }).find("broken.json") != std::string::npos);
    }

    void shardsPartitionThePoints()
    {
        for (int n = 1; n <= 7; ++n) {
            std::multiset<std::size_t> seen;
            for (int i = 0; i < n; ++i)
                for (std::size_t k = 0; k < 23; ++k)
                    if (parseShard(std::to_string(i) + "/" + std::to_string(n)).contains(k)) seen.insert(k);
            QCOMPARE(seen.size(), std::size_t{23});
            for (std::size_t k = 0; k < 23; ++k) QCOMPARE(seen.count(k), std::size_t{1});
        }
        for (const char* bad : {"3/3", "-1/2", "1", "a/b", "1/0", "0/2x"}) QVERIFY_THROWS_EXCEPTION(ParameterError, parseShard(bad));
    }

    void searchAndExactAreMethodsOfASweep()
    {
        const Sweep sweep(parseSweepSpec({{"input", layerFile()}, {"grid", {{"alpha", 8}, {"gamma", 0}, {"method", {"pairwise", "search:0.2", "exact:2"}}}}}),
                          SweepCache());
        const json pairwise = sweep.run(0);
        const json search = sweep.run(1);
        const json exact = sweep.run(2);
        QCOMPARE(search["method"], json("search:0.2"));
        QCOMPARE(exact["method"], json("exact:2"));
        // Exact starts from the same search (0.2 s of work, seed 1), so it can only do better.
        QVERIFY(search["groups"].get<int>() <= pairwise["groups"].get<int>());
        QVERIFY(exact["groups"].get<int>() <= search["groups"].get<int>());
        QVERIFY(exact["groups_bound"].get<int>() <= exact["groups"].get<int>());
        QCOMPARE(exact["groups_optimal"].get<bool>(), exact["groups_bound"] == exact["groups"]);
        QVERIFY(pairwise["groups_bound"].get<int>() <= exact["groups_bound"].get<int>());
    }

    void aPointsMetricsAreThePackingOfItsParameters()
    {
        SweepSpec spec = parseSweepSpec({{"input", layerFile()},
                                         {"vectors", 12},
                                         {"simulate", true},
                                         {"grid", {{"alpha", {1, 8}}, {"gamma", {0, 0.75}}, {"array", {16, 32}}, {"mac", {"bit-parallel", "bit-serial"}}}}});
        const Sweep sweep(spec, SweepCache());
        QCOMPARE(sweep.points().size(), std::size_t{16});
        const FilterMatrix weights = loadFilterMatrix(layerFile());
        for (std::size_t k = 0; k < sweep.points().size(); ++k) {
            const json line = sweep.run(k);
            QCOMPARE(line["point"].get<std::size_t>(), k);
            QCOMPARE(line["points"].get<std::size_t>(), std::size_t{16});
            for (const auto& [axis, value] : sweep.points()[k].items()) QCOMPARE(line[axis], value);
            PackingParams p;
            p.alpha = line["alpha"];
            p.gamma = line["gamma"];
            p.array = *parseArrayShape(line["array"].get<std::string>());
            ArrayConfig hw;
            hw.mac = line["mac"] == "bit-serial" ? MacMode::BitSerial : MacMode::BitParallel;
            const std::vector<long long> vectors{12};
            const NetworkPacking expected = packNetwork({&weights, 1}, {&p, 1}, vectors, hw);
            const PackingMetrics& m = expected.results.front().metrics;
            QCOMPARE(line["groups"].get<long long>(), static_cast<long long>(m.groups));
            QCOMPARE(line["utilization_after"].get<double>(), m.utilizationAfter);
            QCOMPARE(line["tiles_before"].get<long long>(), m.tilesBefore);
            QCOMPARE(line["tiles_after"].get<long long>(), m.tilesAfter);
            QCOMPARE(line["weight_kept"].get<double>(), expected.report.totals.weightKeptFraction);
            QCOMPARE(line["cycles_after"].get<long long>(), expected.report.totals.cyclesAfter);
            QCOMPARE(line["energy_after_uj"].get<double>(), expected.report.totals.energyAfterPj * 1e-6);
            QCOMPARE(line["layer_tiles"].size(), std::size_t{1});
            // The stepped simulator agrees with the closed form and the integer reference.
            QVERIFY2(line["simulator_agrees"].get<bool>(), line.dump().c_str());
            QCOMPARE(line["simulated_cycles_after"].get<long long>(), line["cycles_after"].get<long long>());
        }
    }

    void aSmallLayersPointsAreTheNumbersWorkedByHand()
    {
        // 4 x 5: a permutation in columns 0-3 and column 4 sharing row 0 with column 0. At alpha 4
        // and gamma 0 every column fits with every other except 0 with 4, and any maximal merging
        // of five columns in groups of at most four leaves 2 groups. On a 2 x 2 array:
        //   before: 5 nonzeros in 4 rows x 5 columns = 0.25, ceil(4/2) x ceil(5/2) = 6 tiles;
        //   after:  5 nonzeros in 4 rows x 2 groups = 0.625, 2 x 1 = 2 tiles, nothing pruned.
        // At alpha 1 nothing combines: 5 groups, 0.25 and 6 tiles both before and after.
        FilterMatrix m(4, 5);
        m(0, 0) = 1;
        m(1, 1) = 2;
        m(2, 2) = 3;
        m(3, 3) = 4;
        m(0, 4) = 5;
        const std::string file = path("by-hand.npy");
        saveFilterMatrix(file, m);
        const Sweep sweep(parseSweepSpec({{"input", file}, {"grid", {{"alpha", {1, 4}}, {"gamma", {0}}, {"array", {"2x2"}}}}}), SweepCache());
        const json one = sweep.run(0), four = sweep.run(1);
        QCOMPARE(one["alpha"].get<int>(), 1);
        QCOMPARE(one["groups"].get<long long>(), 5LL);
        QCOMPARE(one["utilization_after"].get<double>(), 0.25);
        QCOMPARE(one["tiles_after"].get<long long>(), 6LL);
        QCOMPARE(four["groups"].get<long long>(), 2LL);
        QCOMPARE(four["utilization_before"].get<double>(), 0.25);
        QCOMPARE(four["utilization_after"].get<double>(), 0.625);
        QCOMPARE(four["tiles_before"].get<long long>(), 6LL);
        QCOMPARE(four["tiles_after"].get<long long>(), 2LL);
        QCOMPARE(four["weight_kept"].get<double>(), 1.0);
    }

    void perLayerAlphaPacksEachNamedLayerWithItsOwn()
    {
        // A two-layer npz: each array a layer, named by its key; "conv1" finds "conv1.weight" as
        // pack --layer does.
        const auto array = [](const FilterMatrix& m) {
            NpyArray a{{static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())}, {}, NpyDtype::Float32};
            for (int r = 0; r < m.rows(); ++r)
                for (int c = 0; c < m.cols(); ++c) a.values.push_back(m(r, c));
            return a;
        };
        const std::string file = path("two-layers.npz");
        writeNpz(file, {{"conv1.weight", array(randomSparseMatrix(32, 96, 0.1, 11))}, {"fc.weight", array(randomSparseMatrix(32, 96, 0.1, 12))}});
        SweepSpec spec = parseSweepSpec({{"input", file}, {"grid", {{"alpha", {{{"conv1", 2}, {"*", 16}}, {{"*", 16}}}}}}});
        const Sweep sweep(spec, SweepCache());
        const json mixed = sweep.run(0), same = sweep.run(1);
        QCOMPARE(mixed["layer_tiles"].size(), std::size_t{2});
        QCOMPARE(mixed["layer_tiles"][0]["name"].get<std::string>(), std::string("conv1.weight"));
        QVERIFY(mixed["layer_tiles"][0]["tiles_after"].get<long long>() > same["layer_tiles"][0]["tiles_after"].get<long long>());  // conv1 at alpha 2
        QCOMPARE(mixed["layer_tiles"][1], same["layer_tiles"][1]);  // fc at 16 in both
        SweepSpec wrong = parseSweepSpec({{"input", file}, {"grid", {{"alpha", {{{"conv9", 2}}}}}}});
        QVERIFY_THROWS_EXCEPTION(ParameterError, Sweep(wrong, SweepCache()).run(0));
    }

    void aCachedPointIsNotRecomputedAndAChangedInputIs()
    {
        const std::string cacheDir = path("cache");
        const json specJson = {{"input", layerFile()}, {"grid", {{"alpha", {4, 8}}, {"gamma", {0.5}}}}};
        const SweepSpec spec = parseSweepSpec(specJson);
        const Sweep first(spec, SweepCache(cacheDir));
        QVERIFY(!first.cached(0));
        bool fromCache = true;
        const json computed = first.run(0, &fromCache);
        QVERIFY(!fromCache);
        QVERIFY(first.cached(0));
        QVERIFY(!first.cached(1));

        // A new sweep over the same input (an extended grid) reads point alpha 4 from the cache:
        // doctor the stored metrics to prove they are what comes back.
        std::string entryPath;
        for (const auto& e : std::filesystem::directory_iterator(cacheDir)) entryPath = e.path().string();
        json entry = json::parse(std::ifstream(entryPath));
        entry["metrics"]["groups"] = -1;
        std::ofstream(entryPath) << entry.dump();
        const Sweep extended(parseSweepSpec({{"input", layerFile()}, {"grid", {{"alpha", {2, 4, 8}}, {"gamma", {0.5}}}}}), SweepCache(cacheDir));
        const json again = extended.run(1, &fromCache);
        QVERIFY(fromCache);
        QCOMPARE(again["groups"].get<int>(), -1);
        QCOMPARE(again["alpha"].get<int>(), 4);

        // A damaged entry is recomputed (and repaired).
        std::ofstream(entryPath) << "{not json";
        QCOMPARE(extended.run(1, &fromCache)["groups"], computed["groups"]);
        QVERIFY(!fromCache);
        QVERIFY(extended.cached(1));

        // Different weights under the same name: a different identity, computed afresh.
        saveFilterMatrix(path("other.npy"), randomSparseMatrix(96, 160, 0.15, 8));
        std::filesystem::copy_file(path("other.npy"), layerFile(), std::filesystem::copy_options::overwrite_existing);
        const Sweep changed(spec, SweepCache(cacheDir));
        QVERIFY(!changed.cached(0));
        changed.run(0, &fromCache);
        QVERIFY(!fromCache);
        std::filesystem::remove(layerFile());
    }

    void shardsMergeToTheWholeSweepAndGapsAreNamed()
    {
        const SweepSpec spec = parseSweepSpec({{"input", layerFile()}, {"grid", {{"alpha", {1, 2, 4, 8}}, {"gamma", {0, 1}}}}});
        const Sweep sweep(spec, SweepCache());
        std::vector<json> whole;
        for (std::size_t k = 0; k < sweep.points().size(); ++k) whole.push_back(sweep.run(k));
        std::vector<std::string> files;
        for (int i = 0; i < 3; ++i) {
            std::vector<json> part;
            for (std::size_t k = 0; k < whole.size(); ++k)
                if (Shard{i, 3}.contains(k)) part.push_back(whole[k]);
            files.push_back(path("shard" + std::to_string(i) + ".jsonl"));
            writeSweepResults(files.back(), part);
        }
        std::reverse(files.begin(), files.end());
        QCOMPARE(mergeSweepResults(files), whole);
        QCOMPARE(readSweepResults(files.front()).size(), std::size_t{2});

        const auto mergeError = [](const std::vector<std::string>& f) -> std::string {
            try {
                mergeSweepResults(f);
            } catch (const std::invalid_argument& e) {
                return e.what();
            }
            return "(no error)";
        };
        QVERIFY2(mergeError({files[0], files[1]}).find("3 of 8 points are missing (0, 3, 6)") != std::string::npos, mergeError({files[0], files[1]}).c_str());
        QVERIFY(mergeError({files[0], files[1], files[2], files[2]}).find("is in") != std::string::npos);
        writeSweepResults(path("other.jsonl"), {json{{"point", 0}, {"points", 5}}});
        QVERIFY(mergeError({files[0], path("other.jsonl")}).find("sweep of 5 points") != std::string::npos);
        std::ofstream(path("junk.jsonl")) << "{\"point\": 1}\n";
        QVERIFY(test::errorOf([&] { readSweepResults(path("junk.jsonl")); }).find("junk.jsonl: line 1: not a sweep result") != std::string::npos);
    }

    void aTrainingPointTrainsTheRecipeAndResumesFromTheCache()
    {
        const std::string data = path("tiny");
        std::filesystem::create_directories(data);
        test::writeTinyMnist(data, 400, 80);
        std::ofstream(path("tiny-spec.json")) << R"({"input": [1, 8, 8], "classes": 4, "widths": [8, 16], "blocks": [1, 1], "strides": [1, 2], "alpha": [1, 4]})";
        const SweepSpec spec = parseSweepSpec({{"recipe", {{"network", path("tiny-spec.json")}, {"dataset", "mnist"}, {"data_dir", data}, {"batch", 16}}},
                                               {"grid", {{"alpha", {"1,1", "1,4"}}, {"gamma", {0.5}}, {"epochs", {4}}}}});
        const std::string cacheDir = path("training-cache");
        const Sweep sweep(spec, SweepCache(cacheDir));
        const json dense = sweep.run(0);
        const json packed = sweep.run(1);
        for (const json& line : {dense, packed}) {
            QVERIFY2(line["accuracy"].get<double>() > 0.5, line.dump().c_str());
            QVERIFY(line.contains("accuracy_8bit"));
            QVERIFY(std::filesystem::exists(line["model"].get<std::string>()));
            QVERIFY(line["cycles_after"].get<long long>() > 0);  // the network's output positions are known
            QCOMPARE(line["layers"].get<int>(), 4);
        }
        QCOMPARE(dense["groups"], dense["columns"]);  // alpha 1: nothing combined
        QVERIFY(packed["groups"].get<long long>() < packed["columns"].get<long long>());
        QVERIFY(packed["tiles_after"].get<long long>() <= packed["tiles_before"].get<long long>());

        // A cancelled point throws and leaves a checkpoint; the next run resumes it.
        const SweepSpec longer = parseSweepSpec({{"recipe", {{"network", path("tiny-spec.json")}, {"dataset", "mnist"}, {"data_dir", data}, {"batch", 16}}},
                                                 {"grid", {{"epochs", {3}}}}});
        const Sweep stopping(longer, SweepCache(cacheDir));
        std::atomic<bool> cancel{false};
        TrainingCallbacks callbacks;
        callbacks.batch = [&](int epoch, int, const EpochProgress&) {
            if (epoch == 2) cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(SweepCancelled, stopping.run(0, nullptr, callbacks, &cancel));
        int epochsSeen = 0;
        callbacks.batch = {};
        callbacks.epoch = [&](const json&) { ++epochsSeen; };
        const json resumed = stopping.run(0, nullptr, callbacks);
        QVERIFY(resumed["accuracy"].get<double>() > 0.5);
        QCOMPARE(epochsSeen, 3);  // the first epoch reported from the checkpoint, two trained
    }

    void aTrainingIsCachedByWhatItTrainsNotByHowTheSpecSpellsIt()
    {
        const std::string data = path("tiny-same");
        std::filesystem::create_directories(data);
        test::writeTinyMnist(data, 200, 40);
        std::ofstream(path("same-spec.json")) << R"({"input": [1, 8, 8], "classes": 4, "widths": [8, 16], "blocks": [1, 1], "strides": [1, 2], "alpha": [1, 4]})";
        const json recipe{{"network", path("same-spec.json")}, {"dataset", "mnist"}, {"data_dir", data}, {"batch", 16}};
        const std::string cacheDir = path("same-cache");
        const Sweep plain(parseSweepSpec({{"recipe", recipe}, {"grid", {{"alpha", {"1,4"}}, {"gamma", {0.5}}, {"epochs", {2}}}}}), SweepCache(cacheDir));
        const json first = plain.run(0);

        // The same training spelled out: defaults written, a pretrained model named that the
        // scratch point does not use, and the array as a second axis.
        json spelled = recipe;
        spelled["pretrained"] = first["model"];
        spelled["data_fraction"] = 1.0;
        const Sweep verbose(parseSweepSpec({{"recipe", spelled},
                                            {"grid",
                                             {{"alpha", {"1,4"}},
                                              {"gamma", {0.5}},
                                              {"epochs", {2}},
                                              {"method", {"pairwise"}},
                                              {"seed", {1}},
                                              {"start", {"scratch"}},
                                              {"array", {32, 4}}}}}),
                            SweepCache(cacheDir));
        QVERIFY(verbose.cached(0));
        bool fromCache = false;
        QCOMPARE(verbose.run(0, &fromCache)["accuracy"], first["accuracy"]);
        QVERIFY(fromCache);

        // On another array the point is measured again, from the same trained model: no epoch runs.
        QVERIFY(!verbose.cached(1));
        int batches = 0;
        TrainingCallbacks callbacks;
        callbacks.batch = [&](int, int, const EpochProgress&) { ++batches; };
        const json smaller = verbose.run(1, &fromCache, callbacks);
        QVERIFY(!fromCache);
        QCOMPARE(batches, 0);
        QCOMPARE(smaller["model"], first["model"]);
        QCOMPARE(smaller["accuracy"], first["accuracy"]);
        QVERIFY(smaller["tiles_after"].get<long long>() > first["tiles_after"].get<long long>());
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
