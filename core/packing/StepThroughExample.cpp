#include "packing/StepThroughExample.h"

namespace colcomb {

StepThroughExample stepThroughExample()
{
    const float w[8][12] = {
        {-1, -3, 0, 0, 0, -3, -3, 0, 2, 0, 3, 0},  {-2, 0, 0, 2, 0, 0, 0, -3, 1, 0, 3, 0}, {1, 0, -3, -3, 0, 0, 0, -2, 0, 0, 0, 0},
        {0, 0, 0, 2, 0, 0, 0, 0, 0, -3, 0, -3},    {3, 2, 0, 0, 0, 0, 1, -3, -3, 0, 0, 0}, {0, 0, -1, 0, 0, 0, 0, 0, 2, -2, 0, 0},
        {-3, 0, 0, 0, -2, 0, 1, 0, 0, 0, 2, 0},    {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    };
    StepThroughExample e;
    e.weights = FilterMatrix(8, 12, std::span<const float>(&w[0][0], 8 * 12));
    e.params.alpha = 3;
    e.params.gamma = 0.125;
    e.params.method = CombineMethod::Greedy;
    e.params.pairwiseSectionColumns = 0;
    e.params.array = {8, 4};
    return e;
}

} // namespace colcomb
