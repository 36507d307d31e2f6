#pragma once
// The network as the hardware runs it: batch norm folded into the 1x1 convolution before it
//   W' = diag(gamma / sigma) W,  b' = beta + gamma (b - mu) / sigma,
// weights and biases quantized to `bits` with power-of-two scales (quantization/PowerOfTwo.h),
// activations after ReLU6 quantized with step 6 / 2^bits, inputs (in [-1, 1]) with step 2^-(bits-1).
#include "data/Dataset.h"
#include "nn/Network.h"
#include "packing/Packer.h"
#include "quantization/PowerOfTwo.h"

namespace colcomb {

struct FoldedConv {
    std::size_t layer = 0;  // index of the conv in the network
    Conv1x1 conv;           // folded and quantized (values are exact multiples of the scales)
    bool foldedBatchNorm = false;
    PowerOfTwoScale weightScale;
};

// One per conv1x1 of the network, in order. Throws std::invalid_argument for a batch norm that
// does not follow a convolution.
std::vector<FoldedConv> foldAndQuantize(Network& net, int bits);

double quantizedAccuracy(Network& net, const Dataset& data, int bits, std::size_t batch = 100);

// The folded, quantized packed layers (one per conv layer with column groups), ready for
// `colcomb simulate --packed` once written with packingToJson.
std::vector<std::pair<std::size_t, PackingResult>> exportPackedLayers(Network& net, const std::vector<ColumnGroups>& groups, int bits,
                                                                      ArrayShape array);

} // namespace colcomb
