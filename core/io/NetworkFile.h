#pragma once
// A network's weighted layers as filter matrices, whatever file they come from. One entry point
// (readNetworkFile) so that `colcomb inspect`, `colcomb pack --all`, `colcomb masks` and the
// studio's Network tab accept the same files with the same messages:
//   .onnx                 convolutions, Gemm and MatMul with constant weights (io/OnnxModel.h)
//   .npz                  every 2-D and 4-D array, named by its key; other arrays skipped
//   SCALE-Sim topology    a .csv whose first line names the columns (io/ScaleSimTopology.h)
//   our model files       .json text or the zip container (training/ModelFile.h), with trained groups
//   .npy / weight .csv    one layer
#include "nn/Network.h"

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace colcomb {

// A tensor the file holds that is not a layer, and why (a bias, a 1-D batch-norm vector).
struct SkippedTensor {
    std::string name;
    std::vector<std::size_t> shape;
    std::string reason;
};

struct NetworkFile {
    std::string format;  // "onnx", "npz", "scale-sim topology", "colcomb model", "npy", "csv"
    std::vector<LayerFilterMatrix> layers;  // in the file's order
    std::vector<SkippedTensor> skipped;

    // The layers that can be packed (depthwise convolutions are listed but not packed).
    std::vector<std::size_t> packable() const;
};

struct NetworkImportOptions {
    // A SCALE-Sim topology has shapes, no weights: each layer gets random weights of this density.
    double syntheticDensity = 0.2;
    std::uint64_t seed = 1;
};

// Throws FileError naming the file and the problem.
NetworkFile readNetworkFile(const std::string& path, const NetworkImportOptions& options = {});

// A weight held in memory (a NumPy array, a framework's tensor): C-order float32 values, read in place.
struct WeightTensor {
    std::string name;
    std::vector<std::size_t> shape;
    std::span<const float> values;
};

// Its filter matrix (FilterMatrix::fromTensor). Throws std::invalid_argument naming the tensor for
// a NaN or infinity, a value count that does not match the shape, or a shape of no 1 to 4 dims.
FilterMatrix weightMatrix(const WeightTensor& tensor);

// The layers of a state dict held in memory, by the .npz rule: every nonempty 2-D and 4-D tensor is
// a layer named by its key; the others are listed as skipped, with the reason. Throws
// std::invalid_argument as weightMatrix does.
NetworkFile networkFromTensors(std::span<const WeightTensor> tensors);

// "conv 64 x 288" etc.: what a layer list shows for a layer.
std::string describeLayer(const LayerFilterMatrix& layer);

// The layer a name picks: exact, else the one whose name ends with it ("conv1" picks
// "/layer1/layer1.0/conv1/Conv" when no other ends so), whose weight's parameter it is, or whose
// short name (shortLayerName: "conv1" for an npz key "conv1.weight") it is. Throws std::invalid_argument naming the
// candidates when there is none or more than one.
std::size_t findLayer(const NetworkFile& network, const std::string& name);

} // namespace colcomb
