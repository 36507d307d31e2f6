// Readers and writers: round trips for every supported form, and a clear error naming the file
// for every malformed one.
#include "base/AtomicFile.h"
#include "base/ChildProcess.h"
#include "io/CombiningStepsFile.h"
#include "io/Csv.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "base/PrintableText.h"
#include "io/MatrixFile.h"
#include "io/EnergyCostsFile.h"
#include "base/Npy.h"
#include "io/PackedLayerFile.h"
#include "packing/Packer.h"
#include "io/Workspace.h"
#include "io/NetworkFile.h"
#include "io/NetworkFilePacking.h"
#include "io/Npz.h"
#include "io/PackingExport.h"
#include "base/ZipArchive.h"
#include "systolic/QuantizedLayer.h"
#include "../support/OnnxBuilder.h"

#include <nlohmann/json.hpp>
#include "matrix/RandomMatrix.h"

#include <QTemporaryDir>
#include "../support/TestSupport.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <bit>
#include <thread>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace colcomb;
using colcomb::test::errorOf;
using colcomb::test::OnnxBuilder;

namespace {

// A .npy file built by hand, so tests can say exactly which byte is wrong.
std::string npyBytes(int major, const std::string& dict, const std::string& data)
{
    std::string header = dict;
    const std::size_t prefix = major == 1 ? 10 : 12;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');
    std::string out("\x93NUMPY", 6);
    out.push_back(static_cast<char>(major));
    out.push_back(0);
    for (std::size_t i = 0; i < prefix - 8; ++i) out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
    return out + header + data;
}

template <typename T>
std::string raw(std::initializer_list<T> values, bool bigEndian = false)
{
    std::string out;
    for (T v : values) {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        if (bigEndian) std::reverse(b, b + sizeof(T));
        out.append(b, sizeof(T));
    }
    return out;
}


} // namespace

class TestIo : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }
    void writeRaw(const std::string& p, const std::string& bytes) const { std::ofstream(p, std::ios::binary) << bytes; }

private slots:
    void childProcessesLogTheirOutputAndStopWhenCancelled()
    {
        const std::string log = path("child.log");
        const ChildOutcome ok = runChildProcess({"sh", "-c", "echo out; echo err >&2; pwd; exit 4"}, log, m_dir.path().toStdString());
        QCOMPARE(ok.exitCode, 4);
        QVERIFY(!ok.ok() && !ok.cancelled);
        QCOMPARE(ok.describe(), std::string("exit status 4"));
        QCOMPARE(fileTail(log, 3), "out\nerr\n" + std::filesystem::canonical(m_dir.path().toStdString()).string());
        QCOMPARE(fileTail(log, 1), std::filesystem::canonical(m_dir.path().toStdString()).string());
        // A cancel stops it, and what it started, long before it would end.
        std::atomic<bool> cancel{false};
        std::thread raise([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            cancel = true;
        });
        const auto start = std::chrono::steady_clock::now();
        const ChildOutcome stopped = runChildProcess({"sh", "-c", "sleep 60; echo never"}, path("cancel.log"), {}, &cancel);
        raise.join();
        QVERIFY(stopped.cancelled);
        QVERIFY(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
        QVERIFY(fileTail(path("cancel.log")).find("never") == std::string::npos);
        const ChildOutcome killed = runChildProcess({"sh", "-c", "kill -9 $$"}, path("signal.log"));
        QCOMPARE(killed.describe(), std::string("killed by signal 9"));
        try {
            runChildProcess({"colcomb-no-such-program"}, path("missing.log"));
            QFAIL("a program that does not exist started");
        } catch (const std::runtime_error& e) {
            QVERIFY(std::string(e.what()).find("cannot start 'colcomb-no-such-program'") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(FileError, runChildProcess({"true"}, path("no-such-folder/x.log")));
    }

    void combiningStepsRoundTripAndReplay()
    {
        for (CombineMethod method : {CombineMethod::Pairwise, CombineMethod::Greedy}) {
            PackingParams params;
            params.method = method;
            params.alpha = 4;
            params.gamma = 0.25;
            const FilterMatrix m = randomSparseMatrix(24, 60, 0.2, 11);
            CombiningSteps steps;
            const PackingResult r = packLayer(m, params, &steps);
            const std::string path = m_dir.filePath("steps.jsonl").toStdString();
            writeCombiningStepsFile(path, steps);
            const CombiningSteps back = readCombiningStepsFile(path);
            QCOMPARE(back.method, method);
            QCOMPARE(back.startColumns, steps.startColumns);
            QCOMPARE(back.steps.size(), steps.steps.size());
            QCOMPARE(back.groups, r.packed.groups());
            QCOMPARE(serializeCombiningSteps(back), serializeCombiningSteps(steps));
            std::size_t combining = 0;
            for (const CombiningStep& s : back.steps) combining += std::holds_alternative<PruneStep>(s) ? 0 : 1;
            QCOMPARE(replayGroups(back, combining), r.packed.groups());
        }
    }

    void badCombiningStepsFilesNameTheLineAndField()
    {
        const auto error = [](const std::string& text) { return errorOf([&] { parseCombiningSteps(text, "s.jsonl"); }); };
        const std::string start = R"({"step":"start","method":"pairwise","alpha":4,"conflict_budget":2,"rows":4,"cols":4,"columns":[0,1],"section_columns":0})";
        QVERIFY(error("").find("no \"start\" step") != std::string::npos);
        QVERIFY(error(start + "\n").find("cut short") != std::string::npos);
        QVERIFY(error(R"({"step":"merge"})").find("line 1: the first step must be") != std::string::npos);
        QVERIFY(error(start + "\n{\"step\":\"merge\",\"section\":0}").find("line 2: missing field 'group'") != std::string::npos);
        QVERIFY(error(start + "\n{\"step\":\"jump\"}").find("unknown step \"jump\"") != std::string::npos);
        QVERIFY(error(start + "\n{not json").find("s.jsonl line 2") != std::string::npos);
        QVERIFY(error(R"({"step":"start","method":"best"})").find("'method'") != std::string::npos);
        QVERIFY(errorOf([&] { readCombiningStepsFile(m_dir.filePath("missing.jsonl").toStdString()); }).find("missing.jsonl") != std::string::npos);
    }

    void npyRoundTripsEveryDtype_data()
    {
        QTest::addColumn<int>("dtype");
        QTest::newRow("float32") << static_cast<int>(NpyDtype::Float32);
        QTest::newRow("float64") << static_cast<int>(NpyDtype::Float64);
        QTest::newRow("int8") << static_cast<int>(NpyDtype::Int8);
        QTest::newRow("int16") << static_cast<int>(NpyDtype::Int16);
        QTest::newRow("int32") << static_cast<int>(NpyDtype::Int32);
        QTest::newRow("int64") << static_cast<int>(NpyDtype::Int64);
        QTest::newRow("uint8") << static_cast<int>(NpyDtype::UInt8);
        QTest::newRow("bool") << static_cast<int>(NpyDtype::Bool);
        QTest::newRow("float16") << static_cast<int>(NpyDtype::Float16);
    }

    void npyRoundTripsEveryDtype()
    {
        QFETCH(int, dtype);
        NpyArray a;
        a.dtype = static_cast<NpyDtype>(dtype);
        a.shape = {2, 3, 1, 2};
        a.values = {0, 1, -2, 3, -4, 5, 6, -7, 8, 9, -10, 11};
        if (a.dtype == NpyDtype::UInt8) a.values = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255};
        if (a.dtype == NpyDtype::Bool) a.values = {0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0};
        if (a.dtype == NpyDtype::Float16) a.values = {0, 1, -2, 0.5, 65504, -0.000060975551605224609375, 0.099975585937500, 6, 5.9604644775390625e-08, 9, -10, 11};
        const std::string p = path("round.npy");
        writeNpy(p, a);
        const NpyArray b = readNpy(p);
        QCOMPARE(b.shape, a.shape);
        QCOMPARE(b.values, a.values);
        QCOMPARE(static_cast<int>(b.dtype), dtype);
    }

    void npyReadsTheDtypesNumPyWritesByDefault()
    {
        // NumPy's default integer (int64), images (uint8), masks (bool) and half precision, as
        // their bytes stand in a file NumPy writes.
        const auto file = [](const std::string& descr, const std::string& data) {
            std::string header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (2, 2), }";
            header.append((64 - (10 + header.size() + 1) % 64) % 64, ' ');
            header.push_back('\n');
            std::string out("\x93NUMPY\x01\x00", 8);
            out.push_back(static_cast<char>(header.size() & 0xff));
            out.push_back(static_cast<char>(header.size() >> 8));
            return out + header + data;
        };
        const std::string i64("\x01\0\0\0\0\0\0\0\xfe\xff\xff\xff\xff\xff\xff\xff\0\0\0\0\0\0\0\0\x00\x01\0\0\0\0\0\0", 32);
        QCOMPARE(parseNpy(file("<i8", i64), "a.npy").values, (std::vector<double>{1, -2, 0, 256}));
        QCOMPARE(parseNpy(file("|u1", std::string("\x00\x07\x80\xff", 4)), "b.npy").values, (std::vector<double>{0, 7, 128, 255}));
        QCOMPARE(parseNpy(file("|b1", std::string("\x00\x01\x01\x00", 4)), "c.npy").values, (std::vector<double>{0, 1, 1, 0}));
        // 1.0, -2.0, the smallest subnormal 2^-24, the largest half 65504.
        QCOMPARE(parseNpy(file("<f2", std::string("\x00\x3c\x00\xc0\x01\x00\xff\x7b", 8)), "d.npy").values,
                 (std::vector<double>{1.0, -2.0, 5.9604644775390625e-08, 65504.0}));
        QCOMPARE(parseNpy(file(">f2", std::string("\x3c\x00\xc0\x00\x00\x01\x7b\xff", 8)), "e.npy").values,
                 (std::vector<double>{1.0, -2.0, 5.9604644775390625e-08, 65504.0}));
        QVERIFY(colcomb::test::errorOf([&] { parseNpy(file("<f2", std::string("\x00\x7c\0\0\0\0\0\0", 8)), "inf.npy"); }).find("infinity") != std::string::npos);
        const std::string huge("\0\0\0\0\0\0\x40\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 32);
        QVERIFY(colcomb::test::errorOf([&] { parseNpy(file("<i8", huge), "huge.npy"); }).find("2^53") != std::string::npos);
    }

    void npyKeepsFloatBitsExactly()
    {
        const FilterMatrix m = randomSparseMatrix(17, 33, 0.4, 8);
        const std::string p = path("m.npy");
        saveFilterMatrix(p, m);
        QVERIFY(loadFilterMatrix(p) == m);
    }

    void npyReadsFortranOrder()
    {
        // Shape (2, 3) stored column by column: memory 0 3 1 4 2 5 is the matrix [[0 1 2] [3 4 5]].
        const std::string bytes = npyBytes(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", raw<double>({0, 3, 1, 4, 2, 5}));
        const NpyArray a = parseNpy(bytes, "f.npy");
        QCOMPARE(a.values, (std::vector<double>{0, 1, 2, 3, 4, 5}));
        // And a 3-D one: shape (2, 2, 2), element (i,j,k) = 4i + 2j + k, F order address i + 2j + 4k.
        std::vector<double> f(8);
        for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
                for (int k = 0; k < 2; ++k) f[static_cast<std::size_t>(i + 2 * j + 4 * k)] = 4 * i + 2 * j + k;
        std::string data(reinterpret_cast<const char*>(f.data()), f.size() * sizeof(double));
        const NpyArray b = parseNpy(npyBytes(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", data), "f3.npy");
        QCOMPARE(b.values, (std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}));
    }

    void npyReadsVersions2And3AndBigEndian()
    {
        const std::string dict = "{'descr': '<i2', 'fortran_order': False, 'shape': (1, 2), }";
        QCOMPARE(parseNpy(npyBytes(2, dict, raw<std::int16_t>({-5, 7})), "v2.npy").values, (std::vector<double>{-5, 7}));
        QCOMPARE(parseNpy(npyBytes(3, dict, raw<std::int16_t>({-5, 7})), "v3.npy").values, (std::vector<double>{-5, 7}));
        const std::string big = "{\"descr\": \">f4\", \"fortran_order\": False, \"shape\": (3,), }";
        QCOMPARE(parseNpy(npyBytes(1, big, raw<float>({1.5f, -2.0f, 0.0f}, true)), "be.npy").values, (std::vector<double>{1.5, -2, 0}));
    }

    void npyShapesMapToFilterMatrices()
    {
        const std::string p = path("conv.npy");
        writeRaw(p, npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 1, 3), }", raw<float>({1, 0, 2, 0, 0, 3})));
        const FilterMatrix m = loadFilterMatrix(p);
        QCOMPARE(m.rows(), 2);
        QCOMPARE(m.cols(), 3);
        QCOMPARE(m(1, 2), 3.0f);
    }

    void malformedNpyNamesTheFileAndTheProblem_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const std::string ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
        const std::string two = raw<float>({1, 2});
        const auto row = [](const char* name, const std::string& bytes, const char* problem) {
            QTest::newRow(name) << QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())) << QString(problem);
        };
        row("empty file", "", "file is empty");
        row("bad magic", "PK\x03\x04 not numpy at all", "bad magic");
        row("version 9", [&] { std::string b = npyBytes(1, ok, two); b[6] = 9; return b; }(), "unsupported .npy format version 9");
        row("truncated header", npyBytes(1, ok, two).substr(0, 30), "truncated header");
        row("truncated data", npyBytes(1, ok, two).substr(0, npyBytes(1, ok, two).size() - 1), "truncated data");
        row("trailing bytes", npyBytes(1, ok, two) + "xx", "unexpected bytes after the data");
        row("unsupported dtype", npyBytes(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", two), "unsupported dtype '<c16'");
        row("object dtype", npyBytes(1, "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", two), "unsupported dtype");
        row("no descr", npyBytes(1, "{'fortran_order': False, 'shape': (2,), }", two), "no 'descr' entry");
        row("bad order", npyBytes(1, "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", two), "neither True nor False");
        row("bad shape", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x), }", two), "shape");
        row("0-d", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (), }", raw<float>({1})), "0-dimensional");
        row("5-d", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 2), }", two), "5 dimensions");
        row("empty array", npyBytes(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", ""), "array is empty");
        row("huge shape", npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", two), "too large");
        row("NaN", npyBytes(1, ok, raw<float>({1, std::numeric_limits<float>::quiet_NaN()})), "NaN at element 1");
        row("infinity", npyBytes(1, ok, raw<float>({std::numeric_limits<float>::infinity(), 1})), "infinity at element 0");
    }

    void malformedNpyNamesTheFileAndTheProblem()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const std::string p = path("bad.npy");
        writeRaw(p, bytes.toStdString());
        const QString message = QString::fromStdString(errorOf([&] { loadFilterMatrix(p); }));
        QVERIFY2(message.startsWith(QString::fromStdString(p) + ": "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void float64BeyondFloat32IsRejected()
    {
        const std::string p = path("wide.npy");
        writeRaw(p, npyBytes(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", raw<double>({1e300})));
        QVERIFY(errorOf([&] { loadFilterMatrix(p); }).find("does not fit in float32") != std::string::npos);
    }

    void csvRoundTrips()
    {
        const FilterMatrix m = randomSparseMatrix(9, 14, 0.3, 2);
        const std::string p = path("m.csv");
        saveFilterMatrix(p, m);
        QVERIFY(loadFilterMatrix(p) == m);
        QVERIFY(parseCsvMatrix("1, 2,3\r\n\n-4,+5e-1,0\n", "x.csv") == FilterMatrix(2, 3, std::vector<float>{1, 2, 3, -4, 0.5f, 0}));
    }

    void malformedCsvNamesLineAndField_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << "" << "file is empty";
        QTest::newRow("blank lines only") << "\n\n  \n" << "file is empty";
        QTest::newRow("header line") << "a,b\n1,2\n" << "line 1, field 1: 'a' is not a number";
        QTest::newRow("ragged") << "1,2\n3\n" << "line 2 has 1 fields, the first row has 2";
        QTest::newRow("empty field") << "1,,2\n" << "line 1, field 2: empty field";
        QTest::newRow("nan") << "1,nan\n" << "line 1, field 2: 'nan' is not a finite number";
        QTest::newRow("too big for float") << "1e39\n" << "not a finite number";
        QTest::newRow("trailing junk") << "1.5x\n" << "'1.5x' is not a number";
    }

    void malformedCsvNamesLineAndField()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        const QString message = QString::fromStdString(errorOf([&] { parseCsvMatrix(text.toStdString(), "w.csv"); }));
        QVERIFY2(message.startsWith("w.csv: "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void missingAndUnknownFilesAreClearErrors()
    {
        QVERIFY(errorOf([&] { loadFilterMatrix(path("absent.npy")); }).find("cannot open file") != std::string::npos);
        QVERIFY(errorOf([&] { loadFilterMatrix(path("weights.txt")); }).find("unknown file type '.txt'") != std::string::npos);
        std::filesystem::create_directory(path("dir.npy"));
        QVERIFY(errorOf([&] { loadFilterMatrix(path("dir.npy")); }).find("is a directory") != std::string::npos);
    }

    void packedLayerFileRoundTrips()
    {
        PackingParams p;
        p.alpha = 4;
        p.gamma = 0.25;
        p.method = CombineMethod::Greedy;
        p.array = {16, 8};
        const PackingResult r = packLayer(randomSparseMatrix(30, 70, 0.15, 6), p);
        const PackedLayerFile f = parsePackedLayerJson(packingToJson(r).dump(), "p.json");
        QCOMPARE(f.packed.groups(), r.packed.groups());
        QVERIFY(f.packed.select() == r.packed.select());
        QVERIFY(f.packed.weights() == r.packed.weights());
        QCOMPARE(f.params.alpha, 4);
        QCOMPARE(f.params.gamma, 0.25);
        QCOMPARE(f.params.method, CombineMethod::Greedy);
        QCOMPARE(f.params.array, (ArrayShape{16, 8}));
    }

    void malformedPackedLayerFilesAreNamed_data()
    {
        QTest::addColumn<QString>("edit");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not json") << "garbage" << "not valid JSON";
        QTest::newRow("wrong format") << "format=other" << "not a packed-layer file";
        QTest::newRow("future version") << "version=7" << "unsupported packed-layer version 7";
        QTest::newRow("no groups") << "-groups" << "missing field 'groups'";
        QTest::newRow("column out of range") << "groups[0][0]=999" << "column 999 is not in";
        QTest::newRow("select outside group") << "select[0][0]=998" << "is not a column of that group";
        QTest::newRow("short weights") << "packed_weights[0]=[]" << "row 0 must have";
        QTest::newRow("weight in empty cell") << "emptyweight" << "select index is -1";
    }

    void malformedPackedLayerFilesAreNamed()
    {
        QFETCH(QString, edit);
        QFETCH(QString, problem);
        FilterMatrix m = randomSparseMatrix(10, 20, 0.2, 3);
        m(0, 0) = 0.5f;  // row 0 of group 0 holds a weight
        nlohmann::json j = packingToJson(packLayer(m, {}));
        std::string text;
        if (edit == "garbage") text = "{not json";
        else {
            if (edit == "format=other") j["format"] = "other";
            if (edit == "version=7") j["version"] = 7;
            if (edit == "-groups") j.erase("groups");
            if (edit == "groups[0][0]=999") j["groups"][0][0] = 999;
            if (edit == "select[0][0]=998") j["select"][0][0] = 998;
            if (edit == "packed_weights[0]=[]") j["packed_weights"][0] = nlohmann::json::array();
            if (edit == "emptyweight") {
                for (std::size_t r = 0; r < j["select"].size(); ++r)
                    for (std::size_t g = 0; g < j["select"][r].size(); ++g)
                        if (j["select"][r][g] == -1) {
                            j["packed_weights"][r][g] = 1.0;
                            r = j["select"].size() - 1;
                            break;
                        }
            }
            text = j.dump();
        }
        const QString message = QString::fromStdString(errorOf([&] { parsePackedLayerJson(text, "p.json"); }));
        QVERIFY2(message.startsWith("p.json: "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void energyCostsParse()
    {
        const EnergyCosts c = parseEnergyCosts(R"({"mac_pj": 0.5, "dram_pj_per_byte": 100})", "e.json");
        QCOMPARE(c.macPj, 0.5);
        QCOMPARE(c.dramPjPerByte, 100.0);
        QCOMPARE(c.sramReadPjPerByte, EnergyCosts{}.sramReadPjPerByte);
        QVERIFY(errorOf([] { parseEnergyCosts(R"({"mac_pj": -1})", "e.json"); }).find("'mac_pj' must be a number >= 0") != std::string::npos);
        QVERIFY(errorOf([] { parseEnergyCosts(R"({"macpj": 1})", "e.json"); }).find("unknown energy 'macpj'") != std::string::npos);
        QVERIFY(errorOf([] { parseEnergyCosts("[1]", "e.json"); }).find("expected a JSON object") != std::string::npos);
        QCOMPARE(parseEnergyCosts(energyCostsToJson(c).dump(), "x").macPj, 0.5);
        // The memory scenario travels in the same file, and round-trips.
        const EnergyCosts m = parseEnergyCosts(R"({"memory": "streamed", "batch": 8, "on_chip_kib": 64, "leakage_pj_per_cell_cycle": 0.002})", "e.json");
        QVERIFY(m.memory.weights == WeightMemory::Streamed);
        QCOMPARE(m.memory.batch, 8);
        QCOMPARE(m.memory.onChipKiB, 64.0);
        QCOMPARE(m.leakagePjPerCellCycle, 0.002);
        const EnergyCosts again = parseEnergyCosts(energyCostsToJson(m).dump(), "x");
        QVERIFY(again.memory.weights == WeightMemory::Streamed && again.memory.batch == 8 && again.memory.onChipKiB == 64.0);
        QVERIFY(errorOf([] { parseEnergyCosts(R"({"memory": "disk"})", "e.json"); }).find("unknown memory scenario 'disk'") != std::string::npos);
        QVERIFY(errorOf([] { parseEnergyCosts(R"({"batch": 0})", "e.json"); }).find("'batch' must be a whole number") != std::string::npos);
    }

    void workspaceRoundTripsWithPathsRelativeToItsFolder()
    {
        const std::string folder = path("ws");
        std::filesystem::create_directories(folder + "/runs/a");
        Workspace ws;
        ws.source.path = folder + "/runs/a/model.json";
        ws.source.layer = 5;
        ws.source.packing.alpha = 4;
        ws.source.packing.gamma = 1.25;
        ws.source.packing.method = CombineMethod::Greedy;
        ws.source.packing.array = {16, 24};
        ws.simulation = {MacMode::BitSerial, 7};
        ws.source.trainedGroups = false;
        ws.source.layerAlphas = {8, 2, 16};
        ws.training.network = "lenet5";
        ws.training.dataFraction = 0.1;
        ws.training.from = "/elsewhere/pretrained.json";  // outside the folder: stays absolute
        ws.training.outDir = folder + "/runs/b";
        RunRecord run;
        run.name = "demo, alpha 1,4,8";
        run.modelPath = folder + "/runs/a/model.json";
        run.dataset = "fashion-mnist";
        run.history = nlohmann::json::array({{{"epoch", 1}, {"test_accuracy", 0.8}}});
        ModelEvaluation e;
        e.testAccuracy = 0.9;
        e.layers.push_back({3, "conv1x1", 8, 16, 4, 5, 40, 0.3, 0.9, 1, 1});
        run.evaluation = e;
        ws.runs = {run, RunRecord{"stopped", folder + "/runs/b/model.json", "mnist", nlohmann::json::object(), nlohmann::json::array(), std::nullopt}};

        const std::string file = folder + "/session.colcomb.json";
        saveWorkspace(file, ws);
        const nlohmann::json stored = nlohmann::json::parse(readWholeFile(file));
        QCOMPARE(stored["source"].get<std::string>(), std::string("runs/a/model.json"));
        QCOMPARE(stored["training"]["from"].get<std::string>(), std::string("/elsewhere/pretrained.json"));
        QCOMPARE(stored["format"].get<std::string>(), std::string("colcomb.workspace"));
        const Workspace back = loadWorkspace(file);
        QCOMPARE(workspaceToJson(back, folder), workspaceToJson(ws, folder));
        QCOMPARE(back.source, ws.source);
        QVERIFY(!back.source.trainedGroups);
        QCOMPARE(back.runs[1].modelPath, ws.runs[1].modelPath);
        QVERIFY(!back.runs[1].evaluation);
        QCOMPARE(back.runs[0].evaluation->layers[0].groups, 5);

        // The whole folder moves: the paths follow it.
        const std::string moved = path("moved");
        std::filesystem::rename(folder, moved);
        const Workspace after = loadWorkspace(moved + "/session.colcomb.json");
        QCOMPARE(after.source.path, moved + "/runs/a/model.json");
        // A workspace may hold only what it changes.
        const Workspace minimal = parseWorkspace(R"({"format": "colcomb.workspace", "version": 1})", "m.json", "/");
        QCOMPARE(minimal.source.packing.alpha, PackingParams{}.alpha);
        QVERIFY(minimal.runs.empty());
    }

    void malformedWorkspacesAreNamed_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        const QString head = R"({"format": "colcomb.workspace", "version": 1, )";
        QTest::newRow("not json") << "{" << "not valid JSON";
        QTest::newRow("other format") << R"({"format": "colcomb.model"})" << "not a workspace file";
        QTest::newRow("future version") << R"({"format": "colcomb.workspace", "version": 2})" << "unsupported workspace version 2";
        QTest::newRow("alpha text") << head + R"("packing": {"alpha": "eight"}})" << "packing: 'alpha' has the wrong type";
        QTest::newRow("alpha zero") << head + R"("packing": {"alpha": 0}})" << "packing: alpha";
        QTest::newRow("method") << head + R"("packing": {"method": "best"}})" << "'method' must be one of";
        QTest::newRow("array") << head + R"("packing": {"array": [4]}})" << "'array' must be [rows, cols]";
        QTest::newRow("trained groups") << head + R"("packing": {"trained_groups": "yes"}})" << "packing: 'trained_groups' has the wrong type";
        QTest::newRow("mac") << head + R"("simulation": {"mac": "quantum"}})" << "'mac' must be bit-parallel or bit-serial";
        QTest::newRow("fraction") << head + R"("training": {"data_fraction": 2}})" << "'data_fraction' must be in (0, 1]";
        QTest::newRow("runs") << head + R"("runs": 3})" << "'runs' must be a list";
        QTest::newRow("run model") << head + R"("runs": [{"name": "x"}]})" << "run 0: 'model' (the model file) is missing";
        QTest::newRow("run evaluation") << head + R"("runs": [{"model": "m.json", "evaluation": {"nnz": 1}}]})" << "run 0: model evaluation: 'test_accuracy' is missing";
    }

    void malformedWorkspacesAreNamed()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        const QString message = QString::fromStdString(errorOf([&] { parseWorkspace(text.toStdString(), "w.json", "/"); }));
        QVERIFY2(message.startsWith("w.json: "), qPrintable(message));
        QVERIFY2(message.contains(problem), qPrintable(message));
    }

    void numbersBeyondADoubleAreFileErrors()
    {
        // Found by fuzz_model and fuzz_packed_layer: 1e999 is valid JSON syntax that no double
        // holds; it escaped as a JSON library error and ended the program.
        QVERIFY(colcomb::test::errorOf([] { parseJsonText("[24E1516]", "big.json"); }).starts_with("big.json: a number is out of range"));
        QVERIFY(colcomb::test::errorOf([] { parsePackedLayerJson(R"({"format": "colcomb.packed-layer", "rows": -1.6E1035})", "p.json"); }).starts_with("p.json"));
        QVERIFY(colcomb::test::errorOf([] { parseWorkspace(R"({"format": "colcomb.workspace", "version": 1, "layer": 1e999})", "w.json", "/"); }).starts_with("w.json"));
    }

    void messagesEscapeBytesThatAreNotPrintableUtf8()
    {
        QCOMPARE(printableText("plain, caf\xc3\xa9, \xe2\x88\x92"), std::string("plain, caf\xc3\xa9, \xe2\x88\x92"));
        QCOMPARE(printableText(std::string("a\x00" "b\x1b[31m\xff\xc3", 10)), std::string("a\\x00b\\x1b[31m\\xff\\xc3"));
        QCOMPARE(printableText("\xc0\xaf"), std::string("\\xc0\\xaf"));  // an overlong '/'
        QCOMPARE(printableText("line\nnext\ttab"), std::string("line\nnext\ttab"));
        // A CSV cell of binary garbage is quoted escaped in the error.
        const std::string message = colcomb::test::errorOf([] { parseCsvMatrix("1,\x01\xfe\n", "bin.csv"); });
        QVERIFY2(message.find("\\x01\\xfe") != std::string::npos, message.c_str());
        QVERIFY(message.find('\x01') == std::string::npos);
    }

    void atomicWriteReplacesWholeAndLeavesNoTemporary()
    {
        const std::string p = path("atomic.txt");
        writeFileAtomically(p, "first version, long");
        writeFileAtomically(p, "second");
        QCOMPARE(readWholeFile(p), std::string("second"));
        int entries = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(m_dir.path().toStdString()))
            entries += e.path().filename().string().starts_with("atomic.txt") ? 1 : 0;
        QCOMPARE(entries, 1);
        QVERIFY(errorOf([&] { writeFileAtomically(path("no/such/dir/x.npy"), "x"); }).find("cannot create file") != std::string::npos);

        // Two threads writing one file (two sweep points that are one cache entry): neither fails,
        // and the file is one of the two, whole.
        const std::string shared = path("shared.txt");
        const std::string a(100000, 'a'), b(50000, 'b');
        std::atomic<int> failures{0};
        const auto writer = [&](const std::string& text) {
            for (int k = 0; k < 200; ++k) {
                try {
                    writeFileAtomically(shared, text);
                } catch (const std::exception&) {
                    ++failures;
                }
            }
        };
        std::thread first(writer, std::cref(a)), second(writer, std::cref(b));
        first.join();
        second.join();
        QCOMPARE(failures.load(), 0);
        const std::string left = readWholeFile(shared);
        QVERIFY(left == a || left == b);
    }

    // ---- Bring your own model: npz, ONNX, SCALE-Sim, exports ----

    void npzRoundTripsStoredAndDeflated()
    {
        NpyArray w{{2, 3}, {1, 0, -2, 0, 3, 0}, NpyDtype::Float32};
        NpyArray b{{2}, {0.5, -1}, NpyDtype::Float64};
        NpyArray step{{}, {7}, NpyDtype::Int64};  // a state dict's num_batches_tracked
        const std::vector<NpzEntry> entries{{"conv.weight", w}, {"conv.bias", b}, {"bn.num_batches_tracked", step}};
        const std::vector<NpzEntry> back = parseNpz(serializeNpz(entries), "a.npz");
        QCOMPARE(back.size(), std::size_t{3});
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(back[i].key, entries[i].key);
            QCOMPARE(back[i].array.shape, entries[i].array.shape);
            QCOMPARE(back[i].array.values, entries[i].array.values);
        }
        // np.savez stores members uncompressed.
        const std::string stored = serializeZip({{"conv.weight.npy", serializeNpy(w)}}, colcomb::ZipCompression::Store);
        QCOMPARE(parseNpz(stored, "s.npz").front().array.values, w.values);
        // As a network: the 2-D array is a layer, the others are listed as skipped.
        writeNpz(path("state.npz"), entries);
        const NetworkFile n = readNetworkFile(path("state.npz"));
        QCOMPARE(n.format, std::string("npz"));
        QCOMPARE(n.layers.size(), std::size_t{1});
        QCOMPARE(n.layers[0].name, std::string("conv.weight"));
        QVERIFY(n.layers[0].weights == FilterMatrix(2, 3, std::vector<float>{1, 0, -2, 0, 3, 0}));
        QCOMPARE(n.skipped.size(), std::size_t{2});
        QVERIFY(n.skipped[1].reason.find("0-D") != std::string::npos);
    }

    void malformedNpzNamesTheFileAndTheMember()
    {
        const std::string good = serializeNpz({{"w", NpyArray{{2, 2}, {1, 2, 3, 4}, NpyDtype::Float32}}});
        const auto problemOf = [&](const std::string& bytes) {
            writeRaw(path("bad.npz"), bytes);
            return errorOf([&] { readNetworkFile(path("bad.npz")); });
        };
        QVERIFY(problemOf("").find("not an .npz file") != std::string::npos);
        QVERIFY(problemOf("\x93NUMPY not a zip").find("not an .npz file") != std::string::npos);
        QVERIFY(problemOf(good.substr(0, good.size() / 2)).find("zip") != std::string::npos);  // truncated
        QVERIFY(problemOf(serializeZip({{"notes.txt", "hello"}})).find("member 'notes.txt' is not an .npy array") != std::string::npos);
        const std::string message = problemOf(serializeZip({{"w.npy", "\x93NUMPY broken"}}));
        QVERIFY2(message.starts_with(path("bad.npz") + ":w.npy: "), message.c_str());
        // A flipped byte inside a deflated member fails its CRC.
        std::string damaged = good;
        damaged[damaged.size() / 3] ^= 0x55;
        QVERIFY(!problemOf(damaged).empty());
        QVERIFY(problemOf(serializeZip({{"b.npy", serializeNpy(NpyArray{{3}, {1, 2, 3}, NpyDtype::Float32})}})).find("no convolution or fully connected layer")
                != std::string::npos);
    }

    void onnxLayersOfEveryKind()
    {
        OnnxBuilder b;
        b.conv("/features/conv1/Conv", "w1", {4, 3, 3, 3}, 1);           // conv
        b.conv("/features/grouped/Conv", "w2", {4, 2, 1, 1}, 2);         // 2 groups of 2 filters
        b.conv("/features/dw/Conv", "w3", {4, 1, 3, 3}, 4);              // depthwise
        b.identity("onnx::Conv_193", "w4");                             // folded weight forwarded
        b.conv("/features/folded/Conv", "onnx::Conv_193", {6, 4, 1, 1}, 1);
        b.gemm("/classifier/Gemm", "w5", {5, 6}, true);                  // transB: [out, in]
        b.gemm("/head/Gemm", "w6", {6, 3}, false);                       // [in, out]
        b.matmul("/proj/MatMul", "w7", {6, 2});
        b.constantNode("w8", {2, 6});
        b.gemm("", "w8", {2, 6}, true);                                  // no node name: the weight's
        writeRaw(path("m.onnx"), b.bytes());
        const NetworkFile n = readNetworkFile(path("m.onnx"));
        QCOMPARE(n.format, std::string("onnx"));
        QStringList names;
        for (const LayerFilterMatrix& l : n.layers) names << QString::fromStdString(l.name);
        QCOMPARE(names, QStringList({"/features/conv1/Conv", "/features/grouped/Conv[0]", "/features/grouped/Conv[1]", "/features/dw/Conv",
                                     "/features/folded/Conv", "/classifier/Gemm", "/head/Gemm", "/proj/MatMul", "w8"}));
        QCOMPARE(n.layers[0].weights.rows(), 4);
        QCOMPARE(n.layers[0].weights.cols(), 27);
        QCOMPARE(n.layers[0].weights(1, 2), b.value("w1", 1 * 27 + 2));
        QCOMPARE(n.layers[2].kind, std::string("grouped conv"));
        QCOMPARE(n.layers[2].weights.rows(), 2);
        QCOMPARE(n.layers[2].weights(0, 1), b.value("w2", 2 * 2 + 1));  // filter 2 of the tensor
        QVERIFY(!n.layers[3].notPacked.empty());
        QCOMPARE(n.layers[3].kind, std::string("depthwise conv"));
        QCOMPARE(n.packable().size(), n.layers.size() - 1);
        QCOMPARE(n.layers[4].weights(5, 3), b.value("w4", 5 * 4 + 3));
        QCOMPARE(n.layers[5].weights.rows(), 5);
        QCOMPARE(n.layers[5].weights(4, 1), b.value("w5", 4 * 6 + 1));
        QCOMPARE(n.layers[6].weights.rows(), 3);  // B [6, 3] without transB: 3 outputs x 6 inputs
        QCOMPARE(n.layers[6].weights(2, 5), b.value("w6", 5 * 3 + 2));
        QCOMPARE(n.layers[7].weights.rows(), 2);
        QCOMPARE(n.layers[7].weights(1, 4), b.value("w7", 4 * 2 + 1));
        QCOMPARE(n.layers[8].weights(1, 5), b.value("w8", 1 * 6 + 5));
    }

    void onnxExternalDataIsReadFromBesideTheModel()
    {
        OnnxBuilder b;
        b.conv("/c/Conv", "w", {3, 2, 1, 1}, 1, "weights.bin");
        QDir().mkpath(m_dir.filePath("ext"));
        writeRaw(path("ext/m.onnx"), b.bytes());
        writeRaw(path("ext/weights.bin"), std::string(8, 'x') + b.rawData("w"));  // at offset 8
        const NetworkFile n = readNetworkFile(path("ext/m.onnx"));
        QCOMPARE(n.layers[0].weights(2, 1), b.value("w", 5));
        QFile::remove(m_dir.filePath("ext/weights.bin"));
        const std::string missing = errorOf([&] { readNetworkFile(path("ext/m.onnx")); });
        QVERIFY2(missing.find("'weights.bin', which is missing") != std::string::npos, missing.c_str());
    }

    void malformedOnnxGivesAClearError()
    {
        OnnxBuilder b;
        b.conv("/c/Conv", "w", {8, 4, 3, 3}, 1);
        const std::string good = b.bytes();
        const auto problemOf = [&](const std::string& bytes) {
            writeRaw(path("bad.onnx"), bytes);
            return errorOf([&] { readNetworkFile(path("bad.onnx")); });
        };
        QVERIFY(problemOf("").find("file is empty") != std::string::npos);
        QVERIFY(problemOf("this is not a protobuf message at all").find(path("bad.onnx") + ": ") == 0);
        for (std::size_t cut : {good.size() - 1, good.size() - 100, good.size() / 2, std::size_t{7}}) {
            const std::string message = problemOf(good.substr(0, cut));
            QVERIFY2(message.find(path("bad.onnx") + ": ") == 0, message.c_str());
        }
        OnnxBuilder wrongSize;
        wrongSize.conv("/c/Conv", "w", {8, 4, 3, 3}, 1);
        wrongSize.truncateRaw("w", 16);
        QVERIFY(problemOf(wrongSize.bytes()).find("tensor 'w' holds 4 values, its shape [8, 4, 3, 3] needs 288") != std::string::npos);
        OnnxBuilder badGroup;
        badGroup.conv("/c/Conv", "w", {6, 1, 3, 3}, 4);
        QVERIFY(problemOf(badGroup.bytes()).find("group 4, which does not divide its 6 filters") != std::string::npos);
    }

    void scaleSimTopologyGivesShapesAndVectors()
    {
        writeRaw(path("topo.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                                   "Conv1, 230, 230, 7, 7, 3, 64, 2,\nFC, 1, 1, 1, 1, 512, 10, 1,\n");
        NetworkImportOptions options;
        options.syntheticDensity = 0.25;
        const NetworkFile n = readNetworkFile(path("topo.csv"), options);
        QCOMPARE(n.format, std::string("scale-sim topology"));
        QCOMPARE(n.layers.size(), std::size_t{2});
        QCOMPARE(n.layers[0].weights.rows(), 64);
        QCOMPARE(n.layers[0].weights.cols(), 3 * 7 * 7);
        QCOMPARE(n.layers[0].vectors, 112LL * 112);
        QCOMPARE(n.layers[1].vectors, 1LL);
        const double density = static_cast<double>(n.layers[0].weights.nnz()) / (64.0 * 147);
        QVERIFY(density > 0.2 && density < 0.3);
        // A weights CSV is still a weights CSV.
        writeRaw(path("plain.csv"), "1,0\n0,2\n");
        QCOMPARE(readNetworkFile(path("plain.csv")).format, std::string("csv"));
        const auto problemOf = [&](const std::string& text) {
            writeRaw(path("bad-topo.csv"), "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n" + text);
            return errorOf([&] { readNetworkFile(path("bad-topo.csv")); });
        };
        QVERIFY(problemOf("Conv1, 230, 230, 7, 7, 3, 64\n").find("line 2: 7 fields, expected 8") != std::string::npos);
        QVERIFY(problemOf("Conv1, 230, 230, 7, 7, 3, 64, 2\nConv2, 10, ten, 3, 3, 64, 64, 1\n").find("line 3, IFMAP width: 'ten'") != std::string::npos);
        QVERIFY(problemOf("Conv1, 5, 5, 7, 7, 3, 64, 2\n").find("line 2: the 7 x 7 filter is larger than the 5 x 5 IFMAP") != std::string::npos);
        QVERIFY(problemOf("Conv1, 5, 5, 3, 3, 3, 0, 2\n").find("num filter") != std::string::npos);
        QVERIFY(problemOf("").find("has a header but no layers") != std::string::npos);

        // Packed as a file: the rows asked for, in that order, each with its parameters, costed
        // at the file's output positions (a layer without them would cost zero cycles).
        PackingParams fc, conv;
        fc.alpha = 4;
        conv.alpha = 8;
        const std::vector<std::size_t> rows{1, 0};
        const std::vector<PackingParams> params{fc, conv};
        const NetworkPacking packed = packNetworkFile(n, rows, params);
        QCOMPARE(packed.results.size(), std::size_t{2});
        QCOMPARE(packed.results[0].original.rows(), 10);
        QCOMPARE(packed.results[0].params.alpha, 4);
        QCOMPARE(packed.results[1].original.rows(), 64);
        QCOMPARE(packed.results[1].params.alpha, 8);
        QVERIFY(packed.report.layers[0].cyclesBefore > 0 && packed.report.layers[1].cyclesBefore > packed.report.layers[0].cyclesBefore);
        const auto refusal = [&](const std::vector<std::size_t>& r, const std::vector<PackingParams>& p) -> std::string {
            try {
                packNetworkFile(n, r, p);
            } catch (const std::invalid_argument& e) {
                return e.what();
            }
            return "(no error)";
        };
        QCOMPARE(refusal(rows, {fc}), std::string("2 layers to pack but 1 parameter sets"));
        QCOMPARE(refusal({5}, {fc}), std::string("layer 5 is not in the network (2 layers)"));
    }

    void packingArchiveReimportsToTheSamePackingAndMasksMatchTheTensor()
    {
        OnnxBuilder b(0.3);
        b.conv("/g/Conv", "wg", {8, 6, 3, 3}, 2);
        b.matmul("/m/MatMul", "wm", {40, 12});
        writeRaw(path("pack.onnx"), b.bytes());
        const NetworkFile n = readNetworkFile(path("pack.onnx"));
        PackingParams params;
        params.alpha = 4;
        params.gamma = 0.5;
        std::vector<PackingResult> results;
        for (const LayerFilterMatrix& l : n.layers) results.push_back(packLayer(l.weights, params));
        QVERIFY(results[0].metrics.pruned + results[2].metrics.pruned > 0);  // something to mask

        writeNpz(path("packing.npz"), packingArchive(n.layers, results));
        const std::vector<NpzEntry> archive = readNpz(path("packing.npz"));
        const auto groups = readPackingArchiveGroups(archive, "packing.npz");
        for (std::size_t i = 0; i < n.layers.size(); ++i) {
            const PackingResult again = packWithGroups(n.layers[i].weights, groups.at(n.layers[i].name), params);
            QCOMPARE(again.packed.groups(), results[i].packed.groups());
            QVERIFY(again.packed.weights() == results[i].packed.weights());
            QVERIFY(again.pruned == results[i].pruned);
        }

        // Masks keyed by the weights' parameter names, in the tensor's shape: weight x mask is the
        // pruned weight; the index member last.
        const std::vector<NpzEntry> masks = pruningMasks(n.layers, results);
        QCOMPARE(masks.size(), std::size_t{3});
        QCOMPARE(masks[0].key, std::string("wg"));
        QCOMPARE(masks[2].key, std::string(kMaskKeysMember));
        QCOMPARE(masks[0].array.shape, (std::vector<std::size_t>{8, 6, 3, 3}));
        const std::vector<float>& wg = b.values("wg");
        for (std::size_t i = 0; i < wg.size(); ++i) {
            const std::size_t group = i / (4 * 54), row = (i / 54) % 4, col = i % 54;
            QCOMPARE(static_cast<float>(wg[i] * masks[0].array.values[i]), results[group].pruned(static_cast<int>(row), static_cast<int>(col)));
        }
        QCOMPARE(masks[1].array.shape, (std::vector<std::size_t>{40, 12}));  // as stored: inputs x outputs
        const std::vector<float>& wm = b.values("wm");
        for (std::size_t i = 0; i < wm.size(); ++i)
            QCOMPARE(static_cast<float>(wm[i] * masks[1].array.values[i]), results[2].pruned(static_cast<int>(i % 12), static_cast<int>(i / 12)));
    }

    void memoryFilesHoldTheQuantizedArray()
    {
        const FilterMatrix m = randomSparseMatrix(6, 20, 0.3, 4);
        PackingParams params;
        params.alpha = 4;
        const PackingResult r = packLayer(m, params);
        LayerFilterMatrix layer;
        layer.name = "/a/b/Conv";
        layer.weights = m;
        const std::vector<std::string> files = writeMemoryFiles(path("mem"), {&layer, 1}, {&r, 1}, 8);
        QCOMPARE(files.size(), std::size_t{3});
        QVERIFY(files[0].ends_with("a_b_Conv.weights.mem"));
        const QuantizedLayer q = quantizeForArray(r.packed, 8, true);
        QStringList weights = QString::fromStdString(readWholeFile(files[0])).split('\n', Qt::SkipEmptyParts);
        QStringList select = QString::fromStdString(readWholeFile(files[1])).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(weights.size(), 6 * r.packed.groupCount());
        for (int row = 0; row < 6; ++row)
            for (int g = 0; g < r.packed.groupCount(); ++g) {
                const int k = row * r.packed.groupCount() + g;
                QCOMPARE(weights[k].size(), 2);
                QCOMPARE(static_cast<std::int8_t>(weights[k].toUInt(nullptr, 16)), static_cast<std::int8_t>(q.weights(row, g)));
                const int column = r.packed.select()(row, g);
                const ColumnGroup& members = r.packed.groups()[static_cast<std::size_t>(g)];
                QCOMPARE(select[k].toInt(nullptr, 16), column < 0 ? 0 : static_cast<int>(std::find(members.begin(), members.end(), column) - members.begin()));
            }
        const auto header = nlohmann::json::parse(readWholeFile(files[2]));
        QCOMPARE(header["shift"].get<int>(), q.scale.shift);
        QCOMPARE(header["select_bits"].get<int>(), 2);
    }
};

QTEST_APPLESS_MAIN(TestIo)
#include "tst_io.moc"
