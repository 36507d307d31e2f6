#include "nn/QuantizedInference.h"

#include "nn/Trainer.h"
#include "nn/TrainingRun.h"
#include "quantization/PowerOfTwo.h"

#include <cmath>
#include <numeric>
#include <stdexcept>

namespace colcomb {

namespace {

void quantizeInPlace(Matrix& m, const PowerOfTwoScale& s)
{
    for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<float>(dequantize(quantizeSigned(m.data()[i], s), s));
}

void quantizeActivations(Matrix& a, int bits)
{
    const float step = 6.0f / static_cast<float>(1 << bits);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = static_cast<float>(quantizeRelu6(a.data()[i], bits)) * step;
}

} // namespace

std::vector<FoldedConv> foldAndQuantize(Network& net, int bits)
{
    std::vector<FoldedConv> out;
    for (std::size_t i = 0; i < net.size(); ++i) {
        if (dynamic_cast<BatchNorm*>(&net.layer(i)) && (i == 0 || !dynamic_cast<FilterLayer*>(&net.layer(i - 1))))
            throw std::invalid_argument("layer " + std::to_string(i) + ": a batch norm without a convolution before it cannot be folded");
        const auto* conv = dynamic_cast<const FilterLayer*>(&net.layer(i));
        if (!conv) continue;
        FoldedConv f{i, conv->clone(), false, {}};
        FilterLayer& c = *f.conv;
        c.ensureBias();
        if (i + 1 < net.size())
            if (auto* bn = dynamic_cast<BatchNorm*>(&net.layer(i + 1))) {
                const Eigen::ArrayXf scale = bn->gamma.col(0).array() * (bn->runningVar.array() + bn->eps).rsqrt();
                c.weight = c.weight.array().colwise() * scale;
                c.bias.col(0) = bn->beta.col(0).array() + scale * (c.bias.col(0).array() - bn->runningMean.array());
                f.foldedBatchNorm = true;
            }
        f.weightScale = powerOfTwoScale(c.weight.cwiseAbs().maxCoeff(), bits);
        quantizeInPlace(c.weight, f.weightScale);
        quantizeInPlace(c.bias, powerOfTwoScale(c.bias.cwiseAbs().maxCoeff(), bits));
        out.push_back(std::move(f));
    }
    return out;
}

double quantizedAccuracy(Network& net, const Dataset& data, int bits, std::size_t batch, const std::atomic<bool>* cancel)
{
    std::vector<FoldedConv> folded = foldAndQuantize(net, bits);
    const PowerOfTwoScale inputScale{bits - 1, bits};  // inputs lie in [-1, 1]
    const auto logitsOf = [&](Tensor t) {
        quantizeInPlace(t.x, inputScale);
        std::size_t conv = 0;
        for (std::size_t i = 0; i < net.size(); ++i) {
            Layer& layer = net.layer(i);
            if (dynamic_cast<FilterLayer*>(&layer)) {
                FoldedConv& f = folded[conv++];
                t = f.conv->forward(t, false);
                if (f.foldedBatchNorm) ++i;  // the batch norm is inside the folded weights
            } else if (layer.type() == "relu6") {
                t.x = t.x.cwiseMax(0.0f).cwiseMin(6.0f);
                quantizeActivations(t.x, bits);
            } else {
                t = layer.forward(t, false);
            }
        }
        return t.x;
    };
    return classificationAccuracy(data, batch, logitsOf, cancel);
}

std::vector<std::pair<std::size_t, PackingResult>> exportPackedLayers(Network& net, const std::vector<ColumnGroups>& groups, int bits, ArrayShape array)
{
    std::vector<std::pair<std::size_t, PackingResult>> out;
    const std::vector<FoldedConv> folded = foldAndQuantize(net, bits);
    for (std::size_t k = 0; k < folded.size() && k < groups.size(); ++k) {
        if (groups[k].empty()) continue;
        PackingParams p;
        p.alpha = folded[k].conv->alpha;
        p.array = array;
        out.emplace_back(folded[k].layer, packWithGroups(folded[k].conv->filterMatrix(), groups[k], p));
    }
    return out;
}

} // namespace colcomb
