#pragma once
// A layer whose weights are a filter matrix (rows = filters, columns = input channels times kernel
// positions): the 1x1 convolution, the k x k convolution and the linear classifier. These are the
// layers joint optimization prunes and column-combines, so they share the weight, its mask and
// the multiplexer width alpha the layer packs with.
#include "matrix/FilterMatrix.h"
#include "nn/Layer.h"

#include <cstdint>
#include <memory>

namespace colcomb {

class FilterLayer : public Layer {
public:
    std::vector<Parameter> parameters() override;
    FilterLayer* asFilterLayer() override { return this; }
    const FilterLayer* asFilterLayer() const override { return this; }
    FilterMatrix filterMatrix() const { return FilterMatrix(DenseMatrix(weight)); }
    // kh x kw: how the filter matrix's columns split into input channels and kernel positions
    // (N:M and fixed groups take channels at one position).
    virtual int kernelPositions() const { return 1; }
    // A copy with the same settings, weights and mask (for folding batch norm into it).
    virtual std::unique_ptr<FilterLayer> clone() const = 0;
    // Give the layer a bias (zero) if it has none, so that batch norm can be folded into it.
    void ensureBias();

    Matrix weight, weightGrad, mask;  // out x (in * kernel positions)
    Matrix bias, biasGrad;            // out x 1 (empty without bias)
    int alpha = 1;                    // 1: the layer is not packed

protected:
    // He initialization (for ReLU networks) over `fanIn` inputs per filter.
    FilterLayer(int out, int fanIn, bool withBias, std::uint64_t seed);
    // The spec fields every filter layer has, to extend with the layer's own.
    nlohmann::json baseSpec(const char* type) const;
    // in * kernel * kernel; throws std::invalid_argument naming the layer type for sizes < 1.
    static int checkedFanIn(int in, int out, int kernel, int stride, int padding, const char* type);
};

} // namespace colcomb
