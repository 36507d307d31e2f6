#pragma once
// A network as a list of layers, built from a JSON spec: either the layer list itself or the
// released code's shorthand (widths, blocks per width, strides, alpha per stage), which expands to
//   conv1x1 stem -> BN -> ReLU6, then per block: shift -> conv1x1 (stride) -> BN -> ReLU6,
//   then global average pooling and a linear classifier.
// Each filter layer (conv1x1, k x k conv, linear) carries the alpha it packs with (1 = not packed).
#include "matrix/FilterMatrix.h"
#include "nn/Layers.h"
#include "packing/Conflicts.h"
#include "packing/Packer.h"

#include <memory>

namespace colcomb {

// A weighted layer's filter matrix, as the studio and the packer see it: one of our networks' layers,
// or one read from a model file (io/NetworkFile.h).
struct LayerFilterMatrix {
    std::size_t layer = 0;    // index in the network, or in the file's layer list
    std::string description;  // e.g. "layer 5: conv1x1 64 x 32, alpha 4"
    FilterMatrix weights;     // a depthwise convolution's is filters x kernel, for its counts only
    int alpha = 1;
    ColumnGroups trainedGroups;  // the groups a trained model packs this layer with (empty: none)
    PackingParams trainedParams;  // the packing it was trained under (alpha, gamma, method, array)
    std::string name;             // "layer 5"; an ONNX node's name; an npz key
    std::string parameter;        // the weight's name in its framework ("conv1.weight": an npz key, an
                                  // ONNX initializer the exporter kept); empty when not known
    std::string kind;             // "conv", "conv1x1", "grouped conv", "depthwise conv", "fully connected", "matrix"
    std::vector<std::size_t> tensorShape;  // the weight as stored ([64, 32, 3, 3])
    int kernelPositions = 0;      // kh x kw when the weight is stored flat (a colcomb model's conv); 0: from tensorShape
    int group = -1;               // a grouped convolution's group (its own filter matrix), else -1
    int groupCount = 1;
    bool storedTransposed = false;  // the tensor is inputs x outputs (a MatMul's or Gemm's B without transB)
    long long vectors = 0;        // output positions per sample (input vectors through the array); 0: not known
    std::string notPacked;        // why the layer is listed but not packed (a depthwise convolution)
};

// A short name for tables: the weight's parameter without ".weight" ("layer2.0.downsample.0"); else
// the module path in a PyTorch ONNX node's name ("/layer2/layer2.0/downsample/downsample.0/Conv":
// each segment that the next one extends is left out, and the operator); else the name. A grouped
// convolution's matrices keep their group ("conv1[2]").
std::string shortLayerName(const LayerFilterMatrix& layer);

class Network {
public:
    // Throws std::invalid_argument naming the bad field.
    static Network fromSpec(const nlohmann::json& spec, std::uint64_t seed);
    // An independent copy: the same layers, parameters, masks and state (batch-norm statistics,
    // shift offsets). Layers keep per-call state, so concurrent passes need one copy each.
    Network clone();

    Tensor forward(const Tensor& in, bool training);
    void backward(const Tensor& gradOut);
    std::vector<Parameter> parameters();
    void zeroGrad();

    int inputChannels() const { return m_inputChannels; }
    int inputHeight() const { return m_inputHeight; }
    int inputWidth() const { return m_inputWidth; }
    int classes() const { return m_classes; }
    std::size_t size() const { return m_layers.size(); }
    Layer& layer(std::size_t i) { return *m_layers[i]; }
    const Layer& layer(std::size_t i) const { return *m_layers[i]; }
    // The expanded layer-list spec (what fromSpec needs to rebuild this network).
    nlohmann::json spec() const;
    // The layers with a filter matrix, in order; model files and joint optimization index their
    // column groups by this order.
    std::vector<FilterLayer*> filterLayers();
    std::vector<const FilterLayer*> filterLayers() const;
    // alpha of each filter layer, in the same order (1 where the layer is not packed).
    std::vector<int> alphas() const;
    std::vector<LayerFilterMatrix> filterMatrices() const;

private:
    std::vector<std::unique_ptr<Layer>> m_layers;
    std::vector<long long> m_outputPositions;  // per layer, per sample
    int m_inputChannels = 1, m_inputHeight = 1, m_inputWidth = 1, m_classes = 10;
};

// The shorthand expanded to a layer list (returned unchanged if it already is one).
nlohmann::json expandNetworkSpec(const nlohmann::json& spec);

} // namespace colcomb
