#include "nn/BatchNormFolding.h"

#include <stdexcept>
#include <utility>

namespace colcomb {

std::vector<FoldedConv> foldAndQuantize(Network& net, int bits)
{
    std::vector<FoldedConv> out;
    for (std::size_t i = 0; i < net.size(); ++i) {
        const FilterLayer* conv = std::as_const(net.layer(i)).asFilterLayer();
        if (!conv) {
            if (net.layer(i).needsFolding())
                throw std::invalid_argument("layer " + std::to_string(i) + ": a " + net.layer(i).type() + " without a filter layer before it cannot be folded");
            continue;
        }
        FoldedConv f{i, conv->clone(), false, {}};
        FilterLayer& c = *f.conv;
        c.ensureBias();
        f.foldedBatchNorm = i + 1 < net.size() && net.layer(i + 1).foldInto(c);
        if (f.foldedBatchNorm) ++i;  // the next layer is inside the folded weights now
        f.weightScale = powerOfTwoScale(c.weight.cwiseAbs().maxCoeff(), bits);
        roundToScale({c.weight.data(), static_cast<std::size_t>(c.weight.size())}, f.weightScale);
        roundToScale({c.bias.data(), static_cast<std::size_t>(c.bias.size())}, powerOfTwoScale(c.bias.cwiseAbs().maxCoeff(), bits));
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace colcomb
