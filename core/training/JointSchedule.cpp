#include "training/JointSchedule.h"

#include <algorithm>
#include <cmath>

namespace colcomb {

std::vector<int> PruneSchedule::epochs(int totalEpochs) const
{
    std::vector<int> out;
    const double window = span * totalEpochs;
    for (int i = 0; i < steps; ++i) out.push_back(static_cast<int>(std::floor(window * i / std::max(steps, 1))));
    return out;
}

double PruneSchedule::progress(int step) const
{
    if (step >= steps - 1) return finalProgress;
    const double f = 1.0 - static_cast<double>(step) / steps;
    return finalProgress * (1.0 - f * f * f);
}

} // namespace colcomb
