#pragma once
// The step-through teaching preset: an 8 x 12 filter matrix of small integers on which the
// paper's greedy rule and the released pairwise rule decide differently (alpha 3, gamma 0.125,
// so one conflict per group): greedy ends with 4 groups, pairwise with 6. Stepping both shows why:
// greedy places dense columns first and fills groups to alpha; pairwise merges the first group
// it can and then has singletons left that no group can take.
#include "matrix/FilterMatrix.h"
#include "packing/Packer.h"

namespace colcomb {

struct StepThroughExample {
    FilterMatrix weights;
    PackingParams params;  // greedy; switch the method to pairwise to compare
};

StepThroughExample stepThroughExample();

} // namespace colcomb
