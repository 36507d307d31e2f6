#pragma once
// One layer of a network: forward keeps what backward needs (when training: an inference pass
// keeps nothing, and backward follows only a training pass); backward takes the gradient of the
// loss with respect to the output, accumulates parameter gradients and returns the gradient with
// respect to the input.
#include "nn/Tensor.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace colcomb {

class FilterLayer;

// A trainable tensor with its gradient and, for weights that can be pruned, a 0/1 mask that
// keeps pruned weights and their updates at exactly zero.
struct Parameter {
    std::string name;
    Matrix* value = nullptr;
    Matrix* grad = nullptr;
    Matrix* mask = nullptr;  // null: never pruned (biases, batch-norm scales)
};

class Layer {
public:
    virtual ~Layer() = default;
    virtual std::string type() const = 0;
    virtual Tensor forward(const Tensor& in, bool training) = 0;
    virtual Tensor backward(const Tensor& gradOut) = 0;
    virtual std::vector<Parameter> parameters() { return {}; }
    // Non-trainable state saved with the model (running statistics, shifts).
    virtual nlohmann::json state() const { return nlohmann::json::object(); }
    virtual void setState(const nlohmann::json&) {}
    // The layer's settings as in a network spec.
    virtual nlohmann::json spec() const = 0;

    // The layers whose weights are a filter matrix (packed, pruned, folded into) say so.
    virtual FilterLayer* asFilterLayer() { return nullptr; }
    virtual const FilterLayer* asFilterLayer() const { return nullptr; }
    // For the array, batch norm is folded into the filter layer before it: a layer that can be
    // folded does so into `into` and returns true. A layer that must be folded (needsFolding)
    // cannot run on the array without a filter layer before it.
    virtual bool foldInto(FilterLayer& /*into*/) const { return false; }
    virtual bool needsFolding() const { return false; }
    // Quantized inference: what the layer's output becomes on the array (ReLU6 activations are
    // quantized to `bits`); unchanged by default.
    virtual void quantizeOutput(Matrix& /*out*/, int /*bits*/) const {}
};

} // namespace colcomb
