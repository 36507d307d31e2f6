#include "training/QuantizedInference.h"

#include "training/Trainer.h"
#include "training/TrainingRun.h"
#include "quantization/PowerOfTwo.h"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace colcomb {

double quantizedAccuracy(Network& net, const Dataset& data, int bits, std::size_t batch, const std::atomic<bool>* cancel)
{
    const PowerOfTwoScale inputScale{bits - 1, bits};  // inputs lie in [-1, 1]
    const auto worker = [&net, bits, inputScale]() -> LogitsOf {
        // Each worker folds its own copy: the layers keep per-call state.
        struct Copy {
            Network net;
            std::vector<FoldedConv> folded;
        };
        auto copy = std::make_shared<Copy>(Copy{net.clone(), {}});
        copy->folded = foldAndQuantize(copy->net, bits);
        return [copy, bits, inputScale](Tensor t) {
            roundToScale({t.x.data(), static_cast<std::size_t>(t.x.size())}, inputScale);
            std::size_t conv = 0;
            for (std::size_t i = 0; i < copy->net.size(); ++i) {
                if (copy->net.layer(i).asFilterLayer()) {
                    FoldedConv& f = copy->folded[conv++];
                    t = f.conv->forward(t, false);
                    if (f.foldedBatchNorm) ++i;  // the batch norm is inside the folded weights
                } else {
                    t = copy->net.layer(i).forward(t, false);
                    copy->net.layer(i).quantizeOutput(t.x, bits);
                }
            }
            return t.x;
        };
    };
    return classificationAccuracy(data, batch, worker, cancel);
}

std::vector<std::pair<std::size_t, PackingResult>> exportPackedLayers(Network& net, const std::vector<ColumnGroups>& groups, int bits, ArrayShape array,
                                                                      const JointSettings& joint)
{
    std::vector<std::pair<std::size_t, PackingResult>> out;
    const std::vector<FoldedConv> folded = foldAndQuantize(net, bits);
    for (std::size_t k = 0; k < folded.size() && k < groups.size(); ++k) {
        if (groups[k].empty()) continue;
        PackingParams p = jointPackingParams(joint, folded[k].conv->alpha, folded[k].conv->kernelPositions());
        p.array = array;
        out.emplace_back(folded[k].layer, packWithGroups(folded[k].conv->filterMatrix(), groups[k], p));
    }
    return out;
}

} // namespace colcomb
