// Data readers on small synthetic IDX and CIFAR files, malformed ones, the real Fashion-MNIST
// package, and the stratified, seeded limited-data subsets.
#include "data/Dataset.h"
#include "data/Idx.h"
#include "base/FileError.h"

#include <QTemporaryDir>
#include "../support/TestSupport.h"

#include <QtTest>

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <map>

using namespace colcomb;
using colcomb::test::errorOf;
using colcomb::test::idxBytes;

namespace {


std::string gzip(const std::string& raw)
{
    z_stream z{};
    deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, raw.size()) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
    z.avail_in = static_cast<uInt>(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}


void write(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

} // namespace

class TestData : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

private slots:
    void idxReadsRawAndGzip()
    {
        const std::string raw = idxBytes({2, 2, 3}, {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255});
        for (const std::string& bytes : {raw, gzip(raw)}) {
            const IdxArray a = parseIdx(bytes, "x.idx");
            QCOMPARE(a.dims, (std::vector<std::size_t>{2, 2, 3}));
            QCOMPARE(a.data.back(), std::uint8_t{255});
        }
    }

    void malformedIdxNamesTheProblem_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("problem");
        const std::string ok = idxBytes({3}, {1, 2, 3});
        const auto row = [](const char* name, const std::string& b, const char* problem) {
            QTest::newRow(name) << QByteArray(b.data(), static_cast<qsizetype>(b.size())) << QString(problem);
        };
        row("empty", "", "file is empty");
        row("bad magic", "\x01\x02\x08\x01", "bad magic");
        row("float type", idxBytes({3}, {1, 2, 3}, 0x0D), "unsupported IDX element type");
        row("truncated data", ok.substr(0, ok.size() - 1), "truncated data");
        row("trailing", ok + "x", "unexpected bytes");
        row("zero dim", idxBytes({0}, {}), "dimension 0 is 0");
        row("truncated gzip", gzip(ok).substr(0, 12), "gzip");
    }

    void malformedIdxNamesTheProblem()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, problem);
        const QString message = QString::fromStdString(errorOf([&] { parseIdx(bytes.toStdString(), "d.idx"); }));
        QVERIFY2(message.startsWith("d.idx: ") && message.contains(problem), qPrintable(message));
    }

    void mnistFamilyFolderLoadsAndChecksLabels()
    {
        const std::string folder = m_dir.filePath("mnist").toStdString();
        std::filesystem::create_directories(folder);
        std::vector<std::uint8_t> pixels(3 * 2 * 2, 255);
        pixels[0] = 0;
        write(folder + "/t10k-images-idx3-ubyte.gz", gzip(idxBytes({3, 2, 2}, pixels)));
        write(folder + "/t10k-labels-idx1-ubyte", idxBytes({3}, {7, 0, 9}));
        const Dataset d = loadMnistFamily(folder, false);
        QCOMPARE(d.size(), std::size_t{3});
        QCOMPARE(d.height, 2);
        QCOMPARE(d.images[0], -1.0f);
        QCOMPARE(d.images[1], 1.0f);
        QCOMPARE(d.labels, (std::vector<int>{7, 0, 9}));
        write(folder + "/t10k-labels-idx1-ubyte", idxBytes({2}, {7, 0}));
        QVERIFY(errorOf([&] { loadMnistFamily(folder, false); }).find("2 labels for 3 images") != std::string::npos);
        QVERIFY(errorOf([&] { loadMnistFamily(folder, true); }).find("train-images-idx3-ubyte: not found") != std::string::npos);
    }

    void cifarBatchesParse()
    {
        std::string record(3073, '\0');
        record[0] = 3;
        record[1] = static_cast<char>(255);
        const Dataset d = parseCifar10Batches({record + record}, {"b.bin"});
        QCOMPARE(d.size(), std::size_t{2});
        QCOMPARE(d.channels, 3);
        QCOMPARE(d.labels[1], 3);
        QVERIFY(std::fabs(d.images[0] - (1.0f - 0.4914f) / 0.2470f) < 1e-5f);
        QVERIFY(errorOf([&] { parseCifar10Batches({record.substr(1)}, {"b.bin"}); }).find("not a whole number of 3073-byte") != std::string::npos);
        record[0] = 12;
        QVERIFY(errorOf([&] { parseCifar10Batches({record}, {"b.bin"}); }).find("label 12") != std::string::npos);
    }

    void stratifiedSubsetsKeepEveryClassAndAreSeeded()
    {
        std::vector<int> labels;
        for (int i = 0; i < 1000; ++i) labels.push_back(i % 10 < 7 ? i % 10 : 9);  // classes 7 and 8 fold into 9: 300 of it
        const auto a = stratifiedSubset(labels, 0.1, 5);
        QCOMPARE(a, stratifiedSubset(labels, 0.1, 5));
        QVERIFY(a != stratifiedSubset(labels, 0.1, 6));
        std::map<int, int> count;
        for (std::size_t i : a) ++count[labels[i]];
        QCOMPARE(count[0], 10);
        QCOMPARE(count[9], 30);
        QCOMPARE(static_cast<int>(count.size()), 8);
        QCOMPARE(stratifiedSubset(labels, 0.0001, 1).size(), std::size_t{8});  // one of each class at least
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSubset(labels, 0.0, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, stratifiedSubset(labels, 1.5, 1));
    }

    void fashionMnistFromTheDebianPackage()
    {
        if (!std::filesystem::exists(std::string(kFashionMnistFolder) + "/t10k-images-idx3-ubyte.gz"))
            QSKIP("dataset-fashion-mnist is not installed (scripts/setup.sh installs it)");
        const Dataset test = loadMnistFamily(kFashionMnistFolder, false);
        QCOMPARE(test.size(), std::size_t{10000});
        QCOMPARE(test.height, 28);
        std::map<int, int> count;
        for (int l : test.labels) ++count[l];
        QCOMPARE(static_cast<int>(count.size()), 10);
        QCOMPARE(count[0], 1000);
    }
};

QTEST_APPLESS_MAIN(TestData)
#include "tst_data.moc"
