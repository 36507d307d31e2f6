#pragma once
// The integer layer an array runs: one array row per mapped filter, one array column per column
// group (per lane of an N:M group). Each cell holds a quantized weight and the select index of its multiplexer. Inputs are
// integer activation vectors, one per spatial position.
#include "packing/PackedLayer.h"
#include "quantization/PowerOfTwo.h"

#include <Eigen/Core>

#include <cstdint>
#include <vector>

namespace colcomb {

using IntMatrix = Eigen::Matrix<std::int32_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Int64Matrix = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct QuantizedLayer {
    std::vector<int> rowIndex;  // original filter of each mapped row
    ColumnGroups groups;        // original columns whose data feed each array column
    IntMatrix weights;          // mapped rows x array columns
    SelectMatrix select;        // original column, -1 for an empty cell
    int inputChannels = 0;      // columns of the original filter matrix
    PowerOfTwoScale scale;

    int rows() const { return static_cast<int>(weights.rows()); }
    int groupCount() const { return static_cast<int>(weights.cols()); }
};

// Quantizes the packed weights with one power-of-two scale for the layer. Rows without any weight
// produce zeros without the array, so by default they are not mapped (as the packing's tile count
// assumes); keepEmptyRows maps every filter (the dense baseline).
QuantizedLayer quantizeForArray(const PackedLayer& packed, int weightBits, bool keepEmptyRows = false);

// Baselines over the same weights: every nonzero column its own array column (unstructured
// sparsity, method none), or every column and every row (dense).
QuantizedLayer unpackedBaseline(const FilterMatrix& weights, int weightBits);
QuantizedLayer denseBaseline(const FilterMatrix& weights, int weightBits);

// Input vectors: vectors x channels (row t is the activation vector of position t).
using InputBatch = IntMatrix;

// Seeded activations in the data range: [0, 2^bits - 1], or [-2^(bits-1), 2^(bits-1) - 1] signed.
InputBatch randomInputs(int vectors, int channels, int bits, bool signedData, std::uint64_t seed);

// The exact answer, in int64: out(row, t) = sum over cells of weight x input(t, select).
Int64Matrix referenceProduct(const QuantizedLayer& layer, const InputBatch& inputs);

} // namespace colcomb
