// Readers and writers: round trips for every supported form, and a clear error naming the file
// for every malformed one.
#include "base/AtomicFile.h"
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
#include "matrix/RandomMatrix.h"

#include <QTemporaryDir>
#include "../support/TestSupport.h"

#include <QtTest>

#include <bit>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

using namespace colcomb;
using colcomb::test::errorOf;

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
    }

    void workspaceRoundTripsWithPathsRelativeToItsFolder()
    {
        const std::string folder = path("ws");
        std::filesystem::create_directories(folder + "/runs/a");
        Workspace ws;
        ws.source = folder + "/runs/a/model.json";
        ws.layer = 5;
        ws.packing.alpha = 4;
        ws.packing.gamma = 1.25;
        ws.packing.method = CombineMethod::Greedy;
        ws.packing.array = {16, 24};
        ws.mac = MacMode::BitSerial;
        ws.vectors = 7;
        ws.trainedGroups = false;
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
        QVERIFY(!back.trainedGroups);
        QCOMPARE(back.runs[1].modelPath, ws.runs[1].modelPath);
        QVERIFY(!back.runs[1].evaluation);
        QCOMPARE(back.runs[0].evaluation->layers[0].groups, 5);

        // The whole folder moves: the paths follow it.
        const std::string moved = path("moved");
        std::filesystem::rename(folder, moved);
        const Workspace after = loadWorkspace(moved + "/session.colcomb.json");
        QCOMPARE(after.source, moved + "/runs/a/model.json");
        // A workspace may hold only what it changes.
        const Workspace minimal = parseWorkspace(R"({"format": "colcomb.workspace", "version": 1})", "m.json", "/");
        QCOMPARE(minimal.packing.alpha, PackingParams{}.alpha);
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
    }
};

QTEST_APPLESS_MAIN(TestIo)
#include "tst_io.moc"
