#pragma once
// A lower bound on the number of column groups any packing can reach under the same alpha and
// budget, so a user can see how far a strategy is from optimal. Three arguments, the largest wins:
//  - capacity: ceil(nonzero columns / alpha);
//  - rows: with g groups, a row holding n nonzeros forces at least n - g conflicts, and g groups
//    absorb at most g x budget conflicts, so sum_r max(0, n_r - g) <= g x budget;
//  - clique (budget 0 only): columns that pairwise share a row must all sit in different
//    groups; we search greedily for a large such set in the conflict graph.
// The exact packing (ExactPacking.h) adds a fourth: the count below which it proved no packing.
#include "matrix/SparsityPattern.h"

#include <vector>

namespace colcomb {

struct GroupLowerBound {
    int capacity = 0;
    int rows = 0;
    int clique = 0;
    int proof = 0;  // exact packing: no packing has fewer groups (the optimum when it equals the groups)
    int value() const;
};

// A large set of columns that pairwise share a row (empty for very large layers): greedy cliques,
// then, with searchNodes > 0, a branch and bound for the largest that stops after that many
// branches. The metrics use the greedy one (milliseconds); the exact packing searches (on a
// 512 x 512 layer at 10%, 200,000 branches take seconds).
std::vector<int> conflictClique(const SparsityPattern& pattern, long long searchNodes = 0);

GroupLowerBound groupsLowerBound(const SparsityPattern& pattern, int alpha, int conflictBudget);

} // namespace colcomb
