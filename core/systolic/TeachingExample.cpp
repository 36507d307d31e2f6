#include "systolic/TeachingExample.h"

#include <cmath>

namespace colcomb {

TeachingExample teachingExample()
{
    TeachingExample e;
    // Columns 0-2 and 3-5 each cover the four rows once: two groups, no conflict.
    e.weights = FilterMatrix(4, 6, std::vector<float>{
                                       2, 0, 0, -1, 0, 0,
                                       0, 3, 0, 2, 0, 0,
                                       0, -2, 0, 0, 1, 0,
                                       0, 0, 1, 0, 0, 3,
                                   });
    e.params.alpha = 3;
    e.params.gamma = 0.0;
    e.params.method = CombineMethod::Greedy;
    e.params.array = {4, 2};
    e.packed = packLayer(e.weights, e.params).packed;
    e.layer = quantizeForArray(e.packed, 8);
    // Unscaled: the weights are already small integers.
    for (int r = 0; r < e.layer.rows(); ++r)
        for (int g = 0; g < e.layer.groupCount(); ++g)
            e.layer.weights(r, g) = static_cast<std::int32_t>(std::lround(e.packed.weights()(e.layer.rowIndex[static_cast<std::size_t>(r)], g)));
    e.layer.scale = {0, 8};
    e.array.shape = e.params.array;
    e.array.muxWidth = 3;
    e.inputs = InputBatch{{1, 2, 3, 4, 5, 6}, {2, 0, 1, 3, 1, 2}, {4, 1, 0, 2, 2, 1}};
    return e;
}

} // namespace colcomb
