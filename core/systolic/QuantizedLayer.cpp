#include "systolic/QuantizedLayer.h"

#include "matrix/RandomMatrix.h"

#include <stdexcept>

namespace colcomb {

QuantizedLayer quantizeForArray(const PackedLayer& packed, int weightBits, bool keepEmptyRows)
{
    QuantizedLayer q;
    // An array column's bus carries its group's channels: each of an N:M group's lanes has them all.
    for (int g : packed.groupOfArrayColumn()) q.groups.push_back(packed.groups()[static_cast<std::size_t>(g)]);
    q.inputChannels = packed.originalCols();
    q.scale = powerOfTwoScale(packed.weights().size() ? packed.weights().cwiseAbs().maxCoeff() : 0.0f, weightBits);
    for (int r = 0; r < packed.rows(); ++r)
        if (keepEmptyRows || (packed.select().row(r).array() >= 0).any()) q.rowIndex.push_back(r);
    const auto rows = static_cast<Eigen::Index>(q.rowIndex.size());
    q.weights = IntMatrix::Zero(rows, packed.columns());
    q.select = SelectMatrix::Constant(rows, packed.columns(), -1);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const int r = q.rowIndex[static_cast<std::size_t>(i)];
        for (int g = 0; g < packed.columns(); ++g) {
            q.select(i, g) = packed.select()(r, g);
            if (q.select(i, g) >= 0) q.weights(i, g) = quantizeSigned(packed.weights()(r, g), q.scale);
        }
    }
    return q;
}

namespace {
ColumnGroups singletonGroups(const FilterMatrix& w, bool includeEmpty)
{
    ColumnGroups groups;
    for (int c = 0; c < w.cols(); ++c)
        if (includeEmpty || w.columnNnz(c) > 0) groups.push_back({c});
    return groups;
}
} // namespace

QuantizedLayer unpackedBaseline(const FilterMatrix& weights, int weightBits)
{
    return quantizeForArray(PackedLayer(weights, singletonGroups(weights, false)), weightBits, false);
}

QuantizedLayer denseBaseline(const FilterMatrix& weights, int weightBits)
{
    return quantizeForArray(PackedLayer(weights, singletonGroups(weights, true)), weightBits, true);
}

InputBatch randomInputs(int vectors, int channels, int bits, bool signedData, std::uint64_t seed)
{
    SplitMix64 rng(seed);
    const int span = 1 << bits;
    const int offset = signedData ? span / 2 : 0;
    InputBatch x(vectors, channels);
    for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<std::int32_t>(rng.below(span) - offset);
    return x;
}

Int64Matrix referenceProduct(const QuantizedLayer& layer, const InputBatch& inputs)
{
    if (inputs.cols() != layer.inputChannels)
        throw std::invalid_argument("inputs have " + std::to_string(inputs.cols()) + " channels, the layer " + std::to_string(layer.inputChannels));
    // Channels x vectors, so the innermost loop runs over contiguous vectors.
    const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> x = inputs.transpose().cast<std::int64_t>();
    Int64Matrix out = Int64Matrix::Zero(layer.rows(), inputs.rows());
    for (int r = 0; r < layer.rows(); ++r)
        for (int g = 0; g < layer.groupCount(); ++g)
            if (const int c = layer.select(r, g); c >= 0) out.row(r) += layer.weights(r, g) * x.row(c);
    return out;
}

} // namespace colcomb
