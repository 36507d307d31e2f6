#pragma once
// The network as the hardware runs it: batch norm folded into the filter layer before it and
// weights quantized (BatchNormFolding.h), activations after ReLU6 quantized with step 6 / 2^bits, inputs (in [-1, 1]) with step 2^-(bits-1).
// Plain ReLU outputs have no fixed range, so they stay unquantized (the released code quantizes
// ReLU6 networks only).
#include "data/Dataset.h"
#include "nn/BatchNormFolding.h"
#include "training/JointOptimizer.h"
#include "training/ModelFile.h"
#include "nn/Network.h"
#include "packing/Packer.h"
#include "quantization/PowerOfTwo.h"

#include <atomic>

namespace colcomb {

// Throws EvaluationCancelled when `cancel` is raised.
double quantizedAccuracy(Network& net, const Dataset& data, int bits, std::size_t batch = 100, const std::atomic<bool>* cancel = nullptr);

// The folded, quantized packed layers (one per filter layer with column groups), ready for
// `colcomb simulate --packed` once written with packingToJson. `joint` is how the groups were
// trained (N:M's groups take N array columns each).
std::vector<std::pair<std::size_t, PackingResult>> exportPackedLayers(Network& net, const std::vector<ColumnGroups>& groups, int bits,
                                                                      ArrayShape array, const JointSettings& joint = {});

} // namespace colcomb
