#include "matrix/FilterMatrix.h"
#include "matrix/RandomMatrix.h"
#include "matrix/SparsityPattern.h"

#include <QtTest>

using namespace colcomb;

class TestMatrix : public QObject {
    Q_OBJECT

private slots:
    void convWeightFlattensToOutByInKhKw()
    {
        // [out=2, in=3, kh=2, kw=2] in C order: element (o, i, y, x) = o*12 + i*4 + y*2 + x.
        std::vector<float> v(24);
        for (int k = 0; k < 24; ++k) v[static_cast<std::size_t>(k)] = static_cast<float>(k);
        const std::size_t shape[] = {2, 3, 2, 2};
        const FilterMatrix m = FilterMatrix::fromTensor(shape, v);
        QCOMPARE(m.rows(), 2);
        QCOMPARE(m.cols(), 12);
        QCOMPARE(m(1, 4 * 2 + 2 * 1 + 1), 1.0f * 12 + 4 * 2 + 2 + 1);  // (o=1, i=2, y=1, x=1)
    }

    void oneDimensionalTensorIsOneFilter()
    {
        const std::size_t shape[] = {5};
        const std::vector<float> v{1, 0, 2, 0, 3};
        const FilterMatrix m = FilterMatrix::fromTensor(shape, v);
        QCOMPARE(m.rows(), 1);
        QCOMPARE(m.cols(), 5);
    }

    void tensorWithWrongValueCountIsRejected()
    {
        const std::size_t shape[] = {2, 3};
        const std::vector<float> v(5);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FilterMatrix::fromTensor(shape, v));
        const std::vector<std::size_t> five(5, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, FilterMatrix::fromTensor(five, std::vector<float>(1)));
    }

    void emptyRowsAndColumnsAreReported()
    {
        FilterMatrix m(3, 4);
        m(0, 1) = 1;
        m(2, 3) = -2;
        QCOMPARE(m.nnz(), 2LL);
        QCOMPARE(m.emptyRows(), std::vector<int>{1});
        QCOMPARE(m.emptyColumns(), (std::vector<int>{0, 2}));
        QCOMPARE(m.nonzeroColumns(), (std::vector<int>{1, 3}));
        QCOMPARE(m.nonemptyRowCount(), 2);
        QCOMPARE(m.absSum(), 3.0);
    }

    void multiplyIsTheMatrixVectorProduct()
    {
        FilterMatrix m(2, 3);
        m(0, 0) = 1;
        m(0, 2) = 2;
        m(1, 1) = -1;
        const std::vector<double> y = m.multiply(std::vector<double>{1, 2, 3});
        QCOMPARE(y, (std::vector<double>{7, -2}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, m.multiply(std::vector<double>{1}));
    }

    void sparsityPatternMatchesTheMatrix()
    {
        const FilterMatrix m = randomSparseMatrix(130, 70, 0.2, 11);  // rows span three words
        const SparsityPattern p(m);
        QCOMPARE(p.words(), 3);
        for (int c = 0; c < m.cols(); ++c) {
            QCOMPARE(p.columnNnz(c), m.columnNnz(c));
            QCOMPARE(popcount(p.column(c)), m.columnNnz(c));
            for (int r = 0; r < m.rows(); ++r) QCOMPARE(testBit(p.column(c), r), m(r, c) != 0.0f);
        }
        for (int r = 0; r < m.rows(); ++r) QCOMPARE(p.rowNnz(r), m.rowNnz(r));
    }

    void randomMatricesAreSeeded()
    {
        QVERIFY(randomSparseMatrix(50, 60, 0.3, 4) == randomSparseMatrix(50, 60, 0.3, 4));
        QVERIFY(!(randomSparseMatrix(50, 60, 0.3, 4) == randomSparseMatrix(50, 60, 0.3, 5)));
        QCOMPARE(randomSparseMatrix(20, 20, 0.0, 1).nnz(), 0LL);
        QCOMPARE(randomSparseMatrix(20, 20, 1.0, 1).nnz(), 400LL);
        const long long n = randomSparseMatrix(200, 200, 0.125, 2).nnz();
        QVERIFY(n > 4500 && n < 5500);
    }

    void demoLayerHasStructureToPack()
    {
        const FilterMatrix demo = demoLayer();
        QCOMPARE(demo.rows(), 64);
        QCOMPARE(demo.cols(), 128);
        QVERIFY(!demo.emptyColumns().empty());
        QVERIFY(!demo.emptyRows().empty());
        QVERIFY(demo == demoLayer());
        int minNnz = 64;
        int maxNnz = 0;
        for (int c : demo.nonzeroColumns()) {
            minNnz = std::min(minNnz, demo.columnNnz(c));
            maxNnz = std::max(maxNnz, demo.columnNnz(c));
        }
        QVERIFY(maxNnz >= 5 * minNnz);  // densities spread widely, as after real pruning
    }
};

QTEST_APPLESS_MAIN(TestMatrix)
#include "tst_matrix.moc"
