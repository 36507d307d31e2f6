#pragma once
// Batch-norm folding, as the hardware needs it: a batch norm after a filter layer becomes part of
// that layer's weights and bias,
//   W' = diag(gamma / sigma) W,  b' = beta + gamma (b - mu) / sigma,
// (BatchNorm::foldInto), and the folded weights and biases are quantized to `bits` with
// power-of-two scales (quantization/PowerOfTwo.h).
#include "nn/Network.h"
#include "quantization/PowerOfTwo.h"

#include <memory>
#include <vector>

namespace colcomb {

struct FoldedConv {
    std::size_t layer = 0;              // index of the filter layer in the network
    std::unique_ptr<FilterLayer> conv;  // folded and quantized (values are exact multiples of the scales)
    bool foldedBatchNorm = false;
    PowerOfTwoScale weightScale;
};

// One per filter layer of the network, in order. Throws std::invalid_argument for a batch norm
// that does not follow a filter layer.
std::vector<FoldedConv> foldAndQuantize(Network& net, int bits);

} // namespace colcomb
