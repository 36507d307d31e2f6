// The colcomb binary as a user runs it: exit codes, stdout JSON, stderr messages.
#include "io/CombiningStepsFile.h"
#include "io/MatrixFile.h"
#include "matrix/RandomMatrix.h"

#include "base/AtomicFile.h"
#include "io/Workspace.h"
#include "training/Bundled.h"
#include "io/Npz.h"
#include "sweep/SweepResults.h"
#include "../support/OnnxBuilder.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#ifdef COLCOMB_HAS_FIGURES
#include <QImage>  // the figures read back (figure needs the UI libraries)
#include <QRegularExpression>
#include <QStandardPaths>
#endif
#include "../support/TestSupport.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <fstream>
#include <set>
#include <variant>

using namespace colcomb;

namespace {

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runCli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(COLCOMB_CLI_PATH), args);
    if (!p.waitForFinished(300000)) return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(name); }

private slots:

    void sweepShardsMergeAndRefuseBadSpecs()
    {
        QVERIFY(runCli({"generate", "--rows", "64", "--cols", "96", "--density", "0.2", "-o", path("sweep-layer.npy")}).exitCode == 0);
        // No alpha 1: its gammas are one point (one cache entry), so whether the second is read from
        // the cache would depend on which of the two parallel workers finishes first.
        std::ofstream(path("sweep.json").toStdString()) << R"({"input": "sweep-layer.npy", "grid": {"alpha": [2, 4, 8], "gamma": [0, 0.5]}})";
        const QString cache = path("sweep-cache");
        Run whole = runCli({"sweep", "--spec", path("sweep.json"), "--out", path("whole.jsonl"), "--cache", cache});
        QVERIFY2(whole.exitCode == 0, qPrintable(whole.err));
        QVERIFY2(whole.out.contains("6 points") && whole.out.contains("(0 from the cache)"), qPrintable(whole.out));
        QVERIFY(!whole.err.contains("points/s"));  // no progress bar when stderr is not a terminal
        // Again: every point from the cache.
        whole = runCli({"sweep", "--spec", path("sweep.json"), "--out", path("whole.jsonl"), "--cache", cache});
        QVERIFY2(whole.out.contains("(6 from the cache)"), qPrintable(whole.out));
        // --json: one line per point on stdout.
        const Run json = runCli({"sweep", "--spec", path("sweep.json"), "--out", path("json.jsonl"), "--no-cache", "--json"});
        QCOMPARE(json.out.trimmed().split('\n').size(), 6);
        // Three shards merge to the whole sweep, in order; missing and repeated points are named.
        QStringList shards;
        for (int i = 0; i < 3; ++i) {
            shards << path(qPrintable(QString("shard%1.jsonl").arg(i)));
            QCOMPARE(runCli({"sweep", "--spec", path("sweep.json"), "--out", shards.last(), "--shard", QString("%1/3").arg(i), "--no-cache"}).exitCode, 0);
        }
        const Run merged = runCli(QStringList{"sweep", "--merge"} + shards + QStringList{"--out", path("merged.jsonl")});
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.err));
        QFile a(path("whole.jsonl")), b(path("merged.jsonl"));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
        const Run missing = runCli({"sweep", "--merge", shards[0], shards[2], "--out", path("bad.jsonl")});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("2 of 6 points are missing (1, 4)"), qPrintable(missing.err));
        QVERIFY(runCli({"sweep", "--merge", shards[0], shards[0], shards[1], shards[2], "--out", path("bad.jsonl")}).err.contains("is in"));
        QVERIFY(!QFile::exists(path("bad.jsonl")));
        // Bad specs and options name what is wrong.
        const std::pair<const char*, const char*> bad[] = {
            {R"({"input": "sweep-layer.npy", "grid": {"gamma": []}})", "grid.gamma: is an empty list"},
            {R"({"input": "sweep-layer.npy", "grid": {"gama": [1]}})", "grid.gama: unknown axis"},
            {R"({"input": "sweep-layer.npy", "grid": {"alpha": [0]}})", "grid.alpha[0]: 0 is out of range"},
            {R"({"input": "missing.npy", "grid": {"alpha": [2]}})", "missing.npy"},
            {R"({"input": "sweep-layer.npy", "layer": "conv9", "grid": {"alpha": [2]}})", "layer: no layer"},
            {R"({"input": "sweep-layer.npy", "grid": {"alpha": [2]}, "extra": true})", "extra: unknown key"},
        };
        for (const auto& [spec, message] : bad) {
            std::ofstream(path("bad-spec.json").toStdString()) << spec;
            const Run r = runCli({"sweep", "--spec", path("bad-spec.json"), "--out", path("bad.jsonl"), "--no-cache"});
            QVERIFY2(r.exitCode != 0 && r.err.contains("bad-spec.json") && r.err.contains(message), qPrintable(spec + (" -> " + r.err)));
        }
        QCOMPARE(runCli({"sweep", "--spec", path("sweep.json"), "--out", path("x.jsonl"), "--shard", "3/3"}).exitCode, 2);
    }

#ifdef COLCOMB_HAS_FIGURES
    void figuresRenderInEveryFormatAtTheRequestedSize()
    {
        QVERIFY(runCli({"generate", "--rows", "64", "--cols", "96", "--density", "0.2", "-o", path("fig-layer.npy")}).exitCode == 0);
        std::ofstream(path("fig.json").toStdString()) << R"({"input": "fig-layer.npy", "grid": {"alpha": [1, 4, 8], "gamma": [0, 0.25, 0.5]}})";
        QCOMPARE(runCli({"sweep", "--spec", path("fig.json"), "--out", path("fig.jsonl"), "--no-cache"}).exitCode, 0);
        const bool havePdftoppm = !QStandardPaths::findExecutable("pdftoppm").isEmpty();
        for (const char* kind : {"gamma", "alpha", "tiles", "hardware", "pareto", "matrix"}) {
            for (const char* ext : {"pdf", "svg", "png"}) {
                const QString out = path(qPrintable(QString("%1.%2").arg(kind, ext)));
                QStringList args{"figure", kind, "--out", out, "--width-mm", "120", "--height-mm", "80", "--dpi", "150"};
                if (QString(kind) == "matrix") args << "--model" << path("fig-layer.npy") << "--alpha" << "8" << "--array" << "16x16";
                else args << "--results" << path("fig.jsonl");
                const Run r = runCli(args);
                QVERIFY2(r.exitCode == 0, qPrintable(QString(kind) + ": " + r.err));
                QFile f(out);
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QByteArray bytes = f.readAll();
                if (QString(ext) == "png") {
                    const QImage image = QImage::fromData(bytes, "PNG");
                    // 120 x 80 mm at 150 dpi
                    QVERIFY2(std::abs(image.width() - 709) <= 2 && std::abs(image.height() - 472) <= 2, qPrintable(QString("%1x%2").arg(image.width()).arg(image.height())));
                    int dark = 0;
                    for (int y = 0; y < image.height(); y += 3)
                        for (int x = 0; x < image.width(); x += 3) dark += qGray(image.pixel(x, y)) < 128;
                    QVERIFY2(dark > 100, kind);  // something is drawn
                } else if (QString(ext) == "pdf") {
                    // The page is the requested size: 120 x 80 mm = 340 x 227 points.
                    const QRegularExpressionMatch box = QRegularExpression(R"(/MediaBox \[0 0 ([\d.]+) ([\d.]+)\])").match(QString::fromLatin1(bytes));
                    QVERIFY2(box.hasMatch(), kind);
                    QVERIFY(std::abs(box.captured(1).toDouble() - 340.2) < 1.0 && std::abs(box.captured(2).toDouble() - 226.8) < 1.0);
                    if (havePdftoppm) {
                        QProcess p;
                        p.start("pdftoppm", {"-r", "40", "-gray", "-singlefile", out, path("page")});
                        QVERIFY(p.waitForFinished(60000) && p.exitCode() == 0);
                        QFile page(path("page.pgm"));
                        QVERIFY(page.open(QIODevice::ReadOnly));
                        const QImage image = QImage::fromData(page.readAll());
                        int dark = 0;
                        for (int y = 0; y < image.height(); ++y)
                            for (int x = 0; x < image.width(); ++x) dark += qGray(image.pixel(x, y)) < 128;
                        QVERIFY2(dark > 50, kind);  // the page is not blank
                    }
                } else {
                    QVERIFY(bytes.contains("<svg") && bytes.contains("</svg>"));
                    QVERIFY(bytes.contains("<path") || bytes.contains("<polyline") || bytes.contains("<rect"));
                }
            }
        }
        // The numbers behind a figure: each CSV row is a result's value.
        QCOMPARE(runCli({"figure", "pareto", "-r", path("fig.jsonl"), "-o", path("p.svg"), "--x", "tiles_after", "--y", "energy_after_uj", "--data", path("p.csv")}).exitCode, 0);
        const std::vector<nlohmann::json> results = readSweepResults(path("fig.jsonl").toStdString());
        QFile csv(path("p.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList rows = QString::fromUtf8(csv.readAll()).trimmed().split('\n');
        QVERIFY(rows.size() > static_cast<int>(results.size()));  // every point, and the front again
        for (const QString& row : rows.mid(1)) {
            const QStringList f = row.split(',');
            const nlohmann::json& r = results[f[3].toUInt()];
            QCOMPARE(f[1].toDouble(), r["tiles_after"].get<double>());
            QCOMPARE(f[2].toDouble(), r["energy_after_uj"].get<double>());
        }
        // Bad requests are named, and leave no file.
        QVERIFY(runCli({"figure", "gamma", "-r", path("fig.jsonl"), "-o", path("f.gif")}).err.contains("must end in .pdf, .svg or .png"));
        QVERIFY(runCli({"figure", "radar", "-r", path("fig.jsonl"), "-o", path("f.pdf")}).err.contains("unknown figure 'radar'"));
        QVERIFY(runCli({"figure", "pareto", "-r", path("fig.jsonl"), "-o", path("f.pdf"), "--x", "speed"}).err.contains("unknown metric 'speed'"));
        const Run noAccuracy = runCli({"figure", "limited-data", "-r", path("fig.jsonl"), "-o", path("f.pdf")});
        QVERIFY2(noAccuracy.exitCode == 1 && noAccuracy.err.contains("nothing to draw: no accuracy"), qPrintable(noAccuracy.err));
        QVERIFY(runCli({"figure", "gamma", "-r", path("missing.jsonl"), "-o", path("f.pdf")}).err.contains("missing.jsonl"));
        QVERIFY(!QFile::exists(path("f.pdf")));
    }
#endif
    void initTestCase()
    {
        FilterMatrix m = randomSparseMatrix(48, 90, 0.12, 21);
        for (int r = 0; r < m.rows(); ++r) m(r, 7) = 0.0f;  // an all-zero column
        saveFilterMatrix(path("layer.npy").toStdString(), m);
        std::ofstream(path("notnpy.npy").toStdString()) << "hello";
        std::ofstream(path("badcosts.json").toStdString()) << R"({"mac": 1.0})";
    }

    void packJsonHasEveryFieldAndCoversTheNonzeroColumns()
    {
        const Run r = runCli({"pack", "--input", path("layer.npy"), "--alpha", "4", "--gamma", "0.25", "--method", "greedy",
                               "--array", "16x8", "--json"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key : {"rows", "cols", "alpha", "gamma", "method", "groups", "nnz_before", "nnz_after", "utilization_before",
                                "utilization_after", "tiles_before", "tiles_after", "array", "groups_lower_bound", "array_columns", "multiplexer_width", "packed_weights",
                                "select", "empty_columns"})
            QVERIFY2(j.contains(key), key);
        QCOMPARE(j["rows"].get<int>(), 48);
        QCOMPARE(j["cols"].get<int>(), 90);
        QCOMPARE(j["alpha"].get<int>(), 4);
        QCOMPARE(j["gamma"].get<double>(), 0.25);
        QCOMPARE(j["method"].get<std::string>(), std::string("greedy"));
        QCOMPARE(j["array"], nlohmann::json({16, 8}));
        QCOMPARE(j["empty_columns"], nlohmann::json({7}));
        std::set<int> covered;
        for (const auto& g : j["groups"]) {
            QVERIFY(g.size() <= 4);
            for (int c : g) QVERIFY(covered.insert(c).second);
        }
        QCOMPARE(static_cast<int>(covered.size()), 89);
        QVERIFY(!covered.count(7));
        const std::size_t groups = j["groups"].size();
        QCOMPARE(j["packed_weights"].size(), std::size_t{48});
        QCOMPARE(j["packed_weights"][0].size(), groups);
        QCOMPARE(j["select"][0].size(), groups);
        QVERIFY(j["utilization_after"].get<double>() > j["utilization_before"].get<double>());
        QVERIFY(j["groups_lower_bound"].get<int>() <= static_cast<int>(groups));
    }

    void packStepsReplayToTheGroupsItPrints()
    {
        for (const char* method : {"pairwise", "greedy"}) {
            const QString steps = path("steps.jsonl");
            const Run r = runCli({"pack", "-i", path("layer.npy"), "--alpha", "4", "--method", method, "--json", "--steps", steps});
            QCOMPARE(r.exitCode, 0);
            const auto j = nlohmann::json::parse(r.out.toStdString());
            const CombiningSteps read = readCombiningStepsFile(steps.toStdString());
            std::size_t combining = 0;
            for (const CombiningStep& s : read.steps) combining += std::holds_alternative<PruneStep>(s) ? 0 : 1;
            QCOMPARE(nlohmann::json(replayGroups(read, combining)), j["groups"]);
            QCOMPARE(nlohmann::json(read.groups), j["groups"]);
            // Every line is one JSON object with its words.
            QFile f(steps);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
            QCOMPARE(static_cast<std::size_t>(lines.size()), read.steps.size() + 2);
            QVERIFY(nlohmann::json::parse(lines[1].toStdString()).contains("text"));
        }
        const Run bad = runCli({"pack", "-i", path("layer.npy"), "--steps", path("no/such/dir/steps.jsonl")});
        QVERIFY(bad.exitCode != 0);
        QVERIFY(bad.err.contains("no/such/dir/steps.jsonl"));
    }

    void outWritesTheSameObject()
    {
        const QString out = path("packed.json");
        const Run r = runCli({"pack", "-i", path("layer.npy"), "--out", out, "--json"});
        QCOMPARE(r.exitCode, 0);
        std::ifstream in(out.toStdString());
        QCOMPARE(nlohmann::json::parse(in), nlohmann::json::parse(r.out.toStdString()));
    }

    void humanSummaryWithoutJson()
    {
        // The table says what the JSON says, each number on its own row, before then after.
        const Run r = runCli({"pack", "-i", path("layer.npy")});
        QCOMPARE(r.exitCode, 0);
        const nlohmann::json j = nlohmann::json::parse(runCli({"pack", "-i", path("layer.npy"), "--json"}).out.toStdString());
        const auto row = [&](const QString& label) {
            for (const QString& line : r.out.split('\n'))
                if (line.startsWith(label)) return line.mid(label.size()).simplified();
            return QString("(no row '%1')").arg(label);
        };
        const auto percent = [](double v) { return QString::number(v * 100.0, 'f', 1) + "%"; };
        QCOMPARE(row("array columns"), QString("%1 %2 (%3 groups; lower bound %4)")
                                           .arg(j["cols"].get<int>() - static_cast<int>(j["empty_columns"].size()))
                                           .arg(j["array_columns"].get<int>())
                                           .arg(j["group_count"].get<int>())
                                           .arg(j["groups_lower_bound"].get<int>()));
        QVERIFY(row("nonzeros").startsWith(QString("%1 %2 (%3 pruned,").arg(j["nnz_before"].get<long long>()).arg(j["nnz_after"].get<long long>()).arg(j["pruned"].get<long long>())));
        QCOMPARE(row("utilization efficiency"), percent(j["utilization_before"]) + " " + percent(j["utilization_after"]));
        QCOMPARE(row("tiles"), QString("%1 %2").arg(j["tiles_before"].get<long long>()).arg(j["tiles_after"].get<long long>()));
        QVERIFY(r.out.contains(QString("alpha %1, gamma %2").arg(j["alpha"].get<int>()).arg(j["gamma"].get<double>())));
    }

    void csvInputWorksToo()
    {
        QCOMPARE(runCli({"generate", "--rows", "10", "--cols", "20", "--density", "0.3", "--out", path("g.csv")}).exitCode, 0);
        const Run r = runCli({"pack", "-i", path("g.csv"), "--json"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(nlohmann::json::parse(r.out.toStdString())["cols"].get<int>(), 20);
    }

    void badInputGivesAMessageAndNonZeroExit_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << QStringList{"pack", "-i", "/nonexistent/w.npy"} << "/nonexistent/w.npy: cannot open file";
        QTest::newRow("no input") << QStringList{"pack"} << "--input is required";
        QTest::newRow("alpha 0") << QStringList{"pack", "-i", "@layer", "--alpha", "0"} << "alpha must be at least 1";
        QTest::newRow("negative gamma") << QStringList{"pack", "-i", "@layer", "--gamma", "-0.5"} << "gamma must be";
        QTest::newRow("gamma not a number") << QStringList{"pack", "-i", "@layer", "--gamma", "lots"} << "--gamma";
        QTest::newRow("unknown method") << QStringList{"pack", "-i", "@layer", "--method", "magic"} << "'magic' is not one of pairwise, greedy, none, fixed, nm:N:M";
        QTest::newRow("bad array") << QStringList{"pack", "-i", "@layer", "--array", "32"} << "--array: '32'";
        QTest::newRow("time limit, not exact") << QStringList{"pack", "-i", "@layer", "--time-limit", "5"} << "--time-limit applies to --method exact only";
        QTest::newRow("zero time budget") << QStringList{"pack", "-i", "@layer", "--method", "search", "--time-budget", "0"} << "--time-budget must be";
        QTest::newRow("seed, not search") << QStringList{"pack", "-i", "@layer", "--method", "exact", "--search-seed", "3"} << "--search-seed applies";
        QTest::newRow("solver log, not exact") << QStringList{"pack", "-i", "@layer", "--solver-log", "@log"} << "--solver-log records one layer's exact solve";
        QTest::newRow("zero array") << QStringList{"pack", "-i", "@layer", "--array", "0x32"} << "--array";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "frobnicate";
        QTest::newRow("not npy") << QStringList{"pack", "-i", "@notnpy"} << "bad magic";
        QTest::newRow("unwritable out") << QStringList{"pack", "-i", "@layer", "--out", "/nonexistent/dir/p.json"} << "cannot create file";
        QTest::newRow("simulate: no layer") << QStringList{"simulate"} << "give --packed FILE or --input FILE";
        QTest::newRow("simulate: both") << QStringList{"simulate", "--packed", "@layer", "-i", "@layer"} << "excludes";
        QTest::newRow("simulate: zero array") << QStringList{"simulate", "-i", "@layer", "--array", "0x0"} << "--array";
        QTest::newRow("simulate: bits 17") << QStringList{"simulate", "-i", "@layer", "--bits", "17"} << "data bits must be 1..16";
        QTest::newRow("simulate: bits 0") << QStringList{"simulate", "-i", "@layer", "--bits", "0"} << "data bits must be 1..16";
        QTest::newRow("simulate: no vectors") << QStringList{"simulate", "-i", "@layer", "--vectors", "0"} << "--vectors";
        QTest::newRow("simulate: bad clock") << QStringList{"simulate", "-i", "@layer", "--clock-mhz", "-5"} << "clock";
        QTest::newRow("simulate: not a packed file") << QStringList{"simulate", "--packed", "@layer"} << "not valid JSON";
        QTest::newRow("simulate: unknown energy") << QStringList{"simulate", "-i", "@layer", "--energy", "@badcosts"} << "unknown energy 'mac'";
    }

    void badInputGivesAMessageAndNonZeroExit()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        args.replaceInStrings("@layer", path("layer.npy"));
        args.replaceInStrings("@notnpy", path("notnpy.npy"));
        args.replaceInStrings("@badcosts", path("badcosts.json"));
        args.replaceInStrings("@log", path("solver.log"));
        const Run r = runCli(args);
        QVERIFY2(r.exitCode > 0, qPrintable(QString::number(r.exitCode)));
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void exactAndSearchPackFromTheCommandLine()
    {
        const QString layer = path("exact-layer.npy");
        QCOMPARE(runCli({"generate", "--rows", "40", "--cols", "60", "--density", "0.1", "--seed", "3", "-o", layer}).exitCode, 0);
        const Run pairwise = runCli({"pack", "-i", layer, "--alpha", "4", "--gamma", "0", "--json"});
        const Run search = runCli({"pack", "-i", layer, "--alpha", "4", "--gamma", "0", "--method", "search", "--time-budget", "0.2", "--search-seed", "5", "--json"});
        const Run exact = runCli({"pack", "-i", layer, "--alpha", "4", "--gamma", "0", "--method", "exact", "--time-limit", "20", "--solver-log", path("solver.log")});
        QCOMPARE(search.exitCode, 0);
        QCOMPARE(exact.exitCode, 0);
        const auto p = nlohmann::json::parse(pairwise.out.toStdString());
        const auto s = nlohmann::json::parse(search.out.toStdString());
        QCOMPARE(s["method"], nlohmann::json("search:0.2:5"));
        QVERIFY(s["group_count"].get<int>() <= p["group_count"].get<int>());
        // Exact proves this small layer's optimum and says so; its log goes to the file only.
        QVERIFY2(exact.out.contains("proved optimal"), qPrintable(exact.out));
        QVERIFY(exact.err.isEmpty());
        QFile log(path("solver.log"));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(log.readAll()).contains("optimal:"));
        QVERIFY(!exact.out.contains("optimal:"));
    }

    void exactWithoutItsSolverSaysWhatToInstall()
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("COLCOMB_SAT_MODULE", "/nonexistent/libcolcomb_sat.so");
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(COLCOMB_CLI_PATH), {"pack", "-i", path("layer.npy"), "--method", "exact"});
        QVERIFY(p.waitForFinished(60000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY(p.exitCode() > 0);
        QVERIFY2(err.contains("exact packing needs the CaDiCaL SAT solver") && err.contains("libcadical-dev"), qPrintable(err));
    }

    void simulateRunsThePackedFileAndVerifiesIt()
    {
        const QString packed = path("sim.json");
        QCOMPARE(runCli({"pack", "-i", path("layer.npy"), "--out", packed, "--alpha", "4"}).exitCode, 0);
        const Run r = runCli({"simulate", "--packed", packed, "--array", "8x8", "--vectors", "10", "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        for (const char* key : {"cycles", "useful_macs", "utilization", "tiles", "verified", "energy_pj", "latency_us", "baseline", "dense", "per_tile"})
            QVERIFY2(j.contains(key), key);
        QVERIFY(j["verified"].get<bool>());
        QVERIFY(j["baseline"]["verified"].get<bool>());
        QCOMPARE(j["array"], nlohmann::json({8, 8}));
        QCOMPARE(j["alpha"].get<int>(), 4);
        QVERIFY(j["cycles"].get<long long>() < j["baseline"]["cycles"].get<long long>());
        QCOMPARE(j["useful_macs"].get<long long>(), j["baseline"]["useful_macs"].get<long long>());
        long long sum = 0;
        for (const auto& t : j["per_tile"]) {
            QCOMPARE(t["cycles"], t["expected_cycles"]);
            sum += t["cycles"].get<long long>();
        }
        QCOMPARE(sum, j["cycles"].get<long long>());
        QCOMPARE(j["latency_us"].get<double>(), j["cycles"].get<double>() / 200.0);
        // SRAM words by operand: every loaded cell and every result leaving, from the tiles; the
        // unpacked baseline on 8 x 8 tiles, its columns reading one channel each.
        long long cells = 0, results = 0;
        for (const auto& t : j["per_tile"]) {
            cells += t["rows"].get<long long>() * t["groups"].get<long long>();
            results += t["rows"].get<long long>() * 10;
        }
        QCOMPARE(j["sram_words"]["filter_reads"].get<long long>(), cells);
        QCOMPARE(j["sram_words"]["ofmap_writes"].get<long long>(), results);
        const nlohmann::json& base = j["baseline"];
        const long long rows = base["rows"].get<long long>(), groups = base["groups"].get<long long>();
        QCOMPARE(base["sram_words"]["filter_reads"].get<long long>(), rows * groups);
        QCOMPARE(base["sram_words"]["ifmap_reads"].get<long long>(), groups * ((rows + 7) / 8) * 10);
        QCOMPARE(base["sram_words"]["ofmap_writes"].get<long long>(), rows * 10 * ((groups + 7) / 8));
    }

    void simulateFromWeightsBitSerialWithEnergyFile()
    {
        {
            std::ofstream(path("costs.json").toStdString()) << R"({"mac_pj": 1.0, "dram_pj_per_byte": 0})";
        }
        const Run r = runCli({"simulate", "-i", path("layer.npy"), "--bit-serial", "--bits", "4", "--vectors", "3", "--energy",
                              path("costs.json"), "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QVERIFY(j["verified"].get<bool>());
        QCOMPARE(j["mac"].get<std::string>(), std::string("bit-serial"));
        QCOMPARE(j["energy_breakdown_pj"]["dram_data"].get<double>(), 0.0);
        QCOMPARE(j["energy_by_scenario"]["streamed"]["breakdown_pj"]["dram_weights"].get<double>(), 0.0);  // free DRAM in the file
        QCOMPARE(j["energy_breakdown_pj"]["mac"].get<double>(), j["useful_macs"].get<double>());
        // The memory scenario is chosen on the command line and named beside the energy.
        const Run s = runCli({"simulate", "-i", path("layer.npy"), "--vectors", "3", "--memory", "streamed", "--batch", "4", "--json"});
        QCOMPARE(s.exitCode, 0);
        const auto k = nlohmann::json::parse(s.out.toStdString());
        QCOMPARE(k["energy_basis"].get<std::string>(), std::string("weights streamed, batch 4"));
        const double streamedWeights = k["energy_breakdown_pj"]["dram_weights"].get<double>();
        QVERIFY(streamedWeights > 0.0);
        QCOMPARE(k["energy_by_scenario"]["resident"]["breakdown_pj"]["dram_weights"].get<double>(), 0.0);
        QCOMPARE(k["energy_by_scenario"]["streamed"]["breakdown_pj"]["dram_weights"].get<double>(), streamedWeights);
        const Run once = runCli({"simulate", "-i", path("layer.npy"), "--vectors", "3", "--memory", "streamed", "--json"});
        QCOMPARE(nlohmann::json::parse(once.out.toStdString())["energy_breakdown_pj"]["dram_weights"].get<double>(), 4 * streamedWeights);
        const Run bad = runCli({"simulate", "-i", path("layer.npy"), "--memory", "onchip"});
        QVERIFY(bad.exitCode != 0);
        QVERIFY2(bad.err.contains("unknown memory scenario 'onchip'"), qPrintable(bad.err));
    }

    void trainEvaluateAndResumeOnATinyDataSet()
    {
        const QString data = path("tiny");
        QDir().mkpath(data);
        colcomb::test::writeTinyMnist(data.toStdString(), 400, 80);
        {
            std::ofstream(path("tiny-spec.json").toStdString())
                << R"({"input": [1, 8, 8], "classes": 4, "widths": [8, 16], "blocks": [1, 1], "strides": [1, 2], "alpha": [1, 4]})";
        }
        const QString out = path("run");
        const Run r = runCli({"train", "--dataset", "mnist", "--data-dir", data, "--model", path("tiny-spec.json"), "--epochs", "4",
                              "--batch", "16", "--gamma", "0.5", "--out", out, "--add-to", path("trained-ws.json"), "--json"});
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 5);  // 4 epochs and the summary
        const auto summary = nlohmann::json::parse(lines.last().toStdString());
        for (const char* key : {"test_accuracy", "quantized_accuracy", "nnz", "utilization", "tiles", "epochs", "layers"})
            QVERIFY2(summary.contains(key), key);
        QVERIFY2(summary["test_accuracy"].get<double>() > 0.9, lines.last().toUtf8().constData());
        // Per layer at the end: groups, utilization and tiles; the alpha-4 layer packs into fewer
        // array columns than it has input columns, and packing never lowers utilization.
        QCOMPARE(summary["layers"].size(), std::size_t{4});
        const auto& packedLayer = summary["layers"][2];
        QCOMPARE(packedLayer["alpha"].get<int>(), 4);
        QVERIFY(packedLayer["groups"].get<int>() < packedLayer["cols"].get<int>());
        QVERIFY(summary["utilization"].get<double>() >= summary["utilization_unpacked"].get<double>());
        QVERIFY(QFileInfo::exists(QDir(out).filePath("metrics.jsonl")));
        const Workspace trained = loadWorkspace(path("trained-ws.json").toStdString());
        QCOMPARE(trained.runs.size(), std::size_t{1});
        QCOMPARE(trained.runs[0].history.size(), std::size_t{4});
        QCOMPARE(trained.runs[0].evaluation->toJson()["test_accuracy"], summary["test_accuracy"]);

        const Run e = runCli({"evaluate", "--model", QDir(out).filePath("model.zip"), "--dataset", "mnist", "--data-dir", data, "--json",
                              "--export-packed", path("packed")});
        QCOMPARE(e.exitCode, 0);
        const auto ev = nlohmann::json::parse(e.out.toStdString());
        QCOMPARE(ev["test_accuracy"], summary["test_accuracy"]);
        QCOMPARE(ev["quantized_accuracy"], summary["quantized_accuracy"]);
        QVERIFY(std::fabs(ev["quantized_accuracy"].get<double>() - ev["test_accuracy"].get<double>()) < 0.1);
        QVERIFY(!ev["exported"].empty());
        // --add-to puts the result into a workspace, once per model file.
        const QString ws = path("ws.json");
        for (int i = 0; i < 2; ++i) {
            const Run add = runCli({"evaluate", "--model", QDir(out).filePath("model.zip"), "--dataset", "mnist", "--data-dir", data, "--add-to", ws,
                                    "--name", "tiny", "--json"});
            QCOMPARE(add.exitCode, 0);
        }
        const Workspace workspace = loadWorkspace(ws.toStdString());
        QCOMPARE(workspace.runs.size(), std::size_t{1});
        QCOMPARE(workspace.runs[0].name, std::string("tiny"));
        QCOMPARE(workspace.runs[0].evaluation->quantizedAccuracy, ev["quantized_accuracy"].get<double>());
        // The exported packed layer runs on the simulator and verifies.
        const Run s = runCli({"simulate", "--packed", QString::fromStdString(ev["exported"][0].get<std::string>()), "--vectors", "4", "--json"});
        QCOMPARE(s.exitCode, 0);
        QVERIFY(nlohmann::json::parse(s.out.toStdString())["verified"].get<bool>());

        // Ctrl-C stops cleanly and leaves a checkpoint (resuming it exactly is tst_nn's test).
        QProcess p;
        const QString stopped = path("stopped");
        p.start(QStringLiteral(COLCOMB_CLI_PATH), {"train", "--dataset", "mnist", "--data-dir", data, "--model", path("tiny-spec.json"),
                                                    "--epochs", "400", "--batch", "16", "--out", stopped, "--json"});
        QVERIFY(p.waitForReadyRead(60000));  // the first epoch is done
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("checkpoint saved"));
        const Model checkpoint = loadModel(QDir(stopped).filePath("model.zip").toStdString());
        QVERIFY(checkpoint.state.epoch < 400);

        // Bad training options are refused with their name.
        const Run bad = runCli({"train", "--dataset", "mnist", "--data-dir", data, "--model", path("tiny-spec.json"), "--epochs", "0", "--out", out});
        QVERIFY(bad.exitCode > 0 && bad.err.contains("--epochs"));
        const Run alphaOnLayers = runCli({"train", "--dataset", "mnist", "--data-dir", data, "--model", "lenet5", "--alpha", "1,8", "--out", out});
        QVERIFY(alphaOnLayers.exitCode > 0 && alphaOnLayers.err.contains("--alpha") && alphaOnLayers.err.contains("layer list"));
        const Run badMethod = runCli({"train", "--dataset", "mnist", "--data-dir", data, "--method", "best", "--out", out});
        QVERIFY(badMethod.exitCode > 0 && badMethod.err.contains("--method"));
        const Run noData = runCli({"train", "--dataset", "mnist", "--data-dir", path("nowhere"), "--out", out});
        QVERIFY(noData.exitCode > 0 && noData.err.contains("not found"));
    }

    void bundledModelsMeetTheirAccuracy()
    {
#ifdef COLCOMB_SANITIZED
        QSKIP("40,000 image evaluations are too slow under the sanitizers; the optimized build runs this check");
#endif
        if (!QFileInfo::exists("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"))
            QSKIP("dataset-fashion-mnist is not installed (scripts/setup.sh installs it)");
        const Run dense = runCli({"evaluate", "--model", "demo-dense", "--json"});
        const Run packed = runCli({"evaluate", "--model", "demo", "--json"});
        const Run pruned = runCli({"evaluate", "--model", "demo-pruned", "--json"});
        QCOMPARE(dense.exitCode, 0);
        QCOMPARE(packed.exitCode, 0);
        QCOMPARE(pruned.exitCode, 0);
        const auto d = nlohmann::json::parse(dense.out.toStdString());
        const auto p = nlohmann::json::parse(packed.out.toStdString());
        const auto u = nlohmann::json::parse(pruned.out.toStdString());
        QVERIFY2(d["test_accuracy"].get<double>() >= 0.90, dense.out.toUtf8().constData());
        QVERIFY2(p["test_accuracy"].get<double>() >= d["test_accuracy"].get<double>() - 0.015, packed.out.toUtf8().constData());
        QVERIFY(p["nnz"].get<long long>() < d["nnz"].get<long long>() / 3);
        QVERIFY(p["tiles"].get<long long>() < d["tiles"].get<long long>());
        // Pruning alone leaves every column on the array: as many tiles as dense. Column combining
        // is what removes them.
        QCOMPARE(u["tiles"].get<long long>(), d["tiles"].get<long long>());
        QVERIFY(u["nnz"].get<long long>() < d["nnz"].get<long long>() / 2);
        QVERIFY(p["utilization"].get<double>() > 2 * u["utilization"].get<double>());
        // The bundled workspace the studio opens on shows these very numbers.
        const Workspace ws = loadWorkspace(resourcesFolder() + "/demo-workspace.json");
        for (const auto& [name, fresh] : {std::pair{std::string("demo-dense"), d}, std::pair{std::string("demo"), p}, std::pair{std::string("demo-pruned"), u}}) {
            const auto run = std::find_if(ws.runs.begin(), ws.runs.end(), [&](const RunRecord& r) { return r.name == name; });
            QVERIFY2(run != ws.runs.end() && run->evaluation, name.c_str());
            // Packing is exact; accuracy may differ by a borderline image or two on another CPU's GEMM.
            nlohmann::json stored = run->evaluation->toJson();
            nlohmann::json now = fresh;
            for (const char* key : {"test_accuracy", "quantized_accuracy"}) {
                QVERIFY2(std::fabs(stored[key].get<double>() - now[key].get<double>()) <= 0.0005, key);
                stored.erase(key);
                now.erase(key);
            }
            now.erase("model");
            QCOMPARE(stored.dump(), now.dump());
        }
    }

    void inspectDescribesTheFile()
    {
        const Run r = runCli({"inspect", "-i", path("layer.npy"), "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["rows"].get<int>(), 48);
        QCOMPARE(j["empty_columns"], nlohmann::json({7}));
    }

    void networkFilesInspectPackAllAndMasks()
    {
        colcomb::test::OnnxBuilder b(0.3);
        b.conv("/stem/Conv", "w1", {32, 16, 3, 3}, 1);
        b.conv("/grouped/Conv", "w2", {32, 16, 1, 1}, 2);
        b.conv("/dw/Conv", "w3", {32, 1, 3, 3}, 32);
        b.gemm("/fc/Gemm", "onnx::Gemm_4", {10, 64}, true);  // a weight the exporter made (batch norm folded in)
        writeFileAtomically(path("net.onnx").toStdString(), b.bytes());
        const QString net = path("net.onnx");

        const Run inspect = runCli({"inspect", "-i", net, "--json"});
        QCOMPARE(inspect.exitCode, 0);
        const auto listed = nlohmann::json::parse(inspect.out.toStdString());
        QCOMPARE(listed["format"], "onnx");
        QCOMPARE(listed["layers"].size(), std::size_t{5});
        QCOMPARE(listed["layers"][1]["name"], "/grouped/Conv[0]");
        QCOMPARE(listed["layers"][2]["group"], 1);
        QCOMPARE(listed["layers"][3]["kind"], "depthwise conv");
        QVERIFY(listed["layers"][3].contains("not_packed"));
        QVERIFY(runCli({"inspect", "-i", net}).out.contains("not packed: depthwise"));

        // Several layers and no choice: the error says how to choose.
        const Run unsure = runCli({"pack", "-i", net});
        QVERIFY(unsure.exitCode > 0);
        QVERIFY2(unsure.err.contains("--layer NAME") && unsure.err.contains("--all"), qPrintable(unsure.err));
        QVERIFY(runCli({"pack", "-i", net, "--layer", "nothing"}).err.contains("no layer named 'nothing'"));
        QVERIFY(runCli({"pack", "-i", net, "--layer", "Conv"}).err.contains("matches"));
        QVERIFY(runCli({"pack", "-i", net, "--layer", "dw/Conv"}).err.contains("not packed"));

        const Run all = runCli({"pack", "-i", net, "--all", "--alpha", "4", "--gamma", "0.5", "--layer-alpha", "fc/Gemm=2", "--json"});
        QCOMPARE(all.exitCode, 0);
        const auto packed = nlohmann::json::parse(all.out.toStdString());
        QCOMPARE(packed["layers"].size(), std::size_t{4});
        QCOMPARE(packed["not_packed"][0]["name"], "/dw/Conv");
        long long nnz = 0, groups = 0;
        for (const auto& layer : packed["layers"]) {
            nnz += layer["nnz_after"].get<long long>();
            groups += layer["group_count"].get<long long>();
            // Each layer of --all is what packing it alone gives.
            const Run one = runCli({"pack", "-i", net, "--layer", QString::fromStdString(layer["name"].get<std::string>()), "--alpha",
                                    QString::number(layer["alpha"].get<int>()), "--gamma", "0.5", "--json"});
            QCOMPARE(nlohmann::json::parse(one.out.toStdString())["groups"], layer["groups"]);
        }
        QCOMPARE(packed["layers"][3]["alpha"], 2);
        QCOMPARE(packed["totals"]["nnz_after"].get<long long>(), nnz);
        QCOMPARE(packed["totals"]["groups"].get<long long>(), groups);
        QVERIFY(runCli({"pack", "-i", net, "--all", "--layer-alpha", "x=2"}).err.contains("--layer-alpha"));

        // Masks keyed by the weights' parameter names where the file kept them (a PyTorch loop
        // matches named_parameters()), else by the node; an index member says which is which.
        const Run masks = runCli({"masks", "-i", net, "--alpha", "4", "--gamma", "0.5", "--out", path("masks.npz")});
        QCOMPARE(masks.exitCode, 0);
        QVERIFY(masks.out.contains("no mask for /dw/Conv"));
        QVERIFY2(masks.out.contains("wrote 3 masks"), qPrintable(masks.out));
        const std::vector<NpzEntry> m = readNpz(path("masks.npz").toStdString());
        QCOMPARE(m.size(), std::size_t{4});
        QCOMPARE(m[0].key, std::string("w1"));
        QCOMPARE(m[1].key, std::string("w2"));
        QCOMPARE(m[1].array.shape, (std::vector<std::size_t>{32, 16, 1, 1}));
        QCOMPARE(m[2].key, std::string("/fc/Gemm"));
        QCOMPARE(m[3].key, std::string("__keys__"));
        std::string index;
        for (double v : m[3].array.values) index += static_cast<char>(v);
        const auto keys = nlohmann::json::parse(index)["keys"];
        QCOMPARE(keys[1], (nlohmann::json{{"key", "w2"}, {"layer", "/grouped/Conv"}, {"key_is", "parameter"}}));
        QCOMPARE(keys[2], (nlohmann::json{{"key", "/fc/Gemm"}, {"layer", "/fc/Gemm"}, {"key_is", "layer name"}}));
        QCOMPARE(runCli({"pack", "-i", net, "--all", "--out", path("packing.npz"), "--mem", path("mem")}).exitCode, 0);
        QVERIFY(QFile::exists(path("mem/stem_Conv.weights.mem")));
        QCOMPARE(readNpz(path("packing.npz").toStdString()).size(), std::size_t{16});
        QVERIFY(runCli({"pack", "-i", net, "--all", "--out", path("packing.txt")}).err.contains(".json or .npz"));

        // One layer of a model on the cycle-accurate array.
        const Run sim = runCli({"simulate", "-i", net, "--layer", "stem/Conv", "--alpha", "4", "--vectors", "3", "--array", "8x8", "--json"});
        QCOMPARE(sim.exitCode, 0);
        QVERIFY(nlohmann::json::parse(sim.out.toStdString())["verified"].get<bool>());
        QVERIFY(runCli({"simulate", "-i", net, "--vectors", "3"}).err.contains("--layer NAME"));

        // A broken file is named, with a non-zero exit.
        writeFileAtomically(path("broken.onnx").toStdString(), b.bytes().substr(0, 500));
        const Run broken = runCli({"inspect", "-i", path("broken.onnx")});
        QVERIFY(broken.exitCode > 0);
        QVERIFY2(broken.err.contains(path("broken.onnx")), qPrintable(broken.err));
    }

    void theReadmesPytorchMaskLoopRuns()
    {
        QProcess probe;
        probe.start("/usr/bin/python3", {"-c", "import torch"});
        if (!probe.waitForFinished(120000) || probe.exitCode() != 0) QSKIP("python3-torch is not installed (apt-get install python3-torch)");
        QProcess loop;
        loop.start("/usr/bin/python3", {QStringLiteral(COLCOMB_SOURCE_DIR) + "/examples/pytorch/column_combine_masks.py", QStringLiteral(COLCOMB_CLI_PATH)});
        QVERIFY(loop.waitForFinished(300000));
        QVERIFY2(loop.exitCode() == 0, loop.readAllStandardError().constData());
        const QByteArray out = loop.readAllStandardOutput();
        QVERIFY2(out.contains("pruned weights stayed zero"), out.constData());
        // An unfolded ONNX export's masks are keyed by parameter and equal the state dict's; a
        // folded one's are refused by the loader instead of matching nothing.
        QVERIFY2(out.contains("equal to the state dict's"), out.constData());
        QVERIFY2(out.contains("folded export refused"), out.constData());
    }

    void pytorchExportsImport()
    {
        QProcess probe;
        probe.start("/usr/bin/python3", {"-c", "import torch"});
        if (!probe.waitForFinished(120000) || probe.exitCode() != 0) QSKIP("python3-torch is not installed (apt-get install python3-torch)");
        QProcess exporter;
        exporter.start("/usr/bin/python3", {QStringLiteral(COLCOMB_TESTS_DIR) + "/cli/export_torch_onnx.py", path("torch.onnx")});
        QVERIFY(exporter.waitForFinished(300000));
        QVERIFY2(exporter.exitCode() == 0, exporter.readAllStandardError().constData());
        const Run r = runCli({"inspect", "-i", path("torch.onnx"), "--json"});
        QCOMPARE(r.exitCode, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QStringList names;
        for (const auto& l : j["layers"]) names << QString::fromStdString(l["name"].get<std::string>());
        QCOMPARE(names, QStringList({"/conv1/Conv", "/grouped/Conv[0]", "/grouped/Conv[1]", "/grouped/Conv[2]", "/grouped/Conv[3]", "/depthwise/Conv",
                                     "/pointwise/Conv", "/fc/Gemm"}));
        QCOMPARE(j["layers"][0]["shape"], nlohmann::json({16, 3, 3, 3}));
        QCOMPARE(j["layers"][0]["output_positions"], 64);  // 8 x 8, from shape inference
        QCOMPARE(j["layers"][1]["rows"], 8);
        QCOMPARE(j["layers"][7]["kind"], "fully connected");
        QCOMPARE(j["layers"][7]["rows"], 10);
        const Run all = runCli({"pack", "-i", path("torch.onnx"), "--all", "--alpha", "4", "--json"});
        QCOMPARE(all.exitCode, 0);
        const auto packed = nlohmann::json::parse(all.out.toStdString());
        QCOMPARE(packed["layers"].size(), std::size_t{7});
        // Shapes inferred: every layer has cycles and energy, and the totals add them up.
        double energy = 0.0;
        for (const auto& l : packed["layers"]) energy += l["energy_after_pj"].get<double>();
        QVERIFY(energy > 0.0);
        QCOMPARE(packed["totals"]["layers_without_output_positions"], 0);
        QVERIFY(std::abs(packed["totals"]["energy_after_pj"].get<double>() - energy) < 1e-6 * energy);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
