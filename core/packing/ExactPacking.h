#pragma once
// The exact packing (method `exact`): the fewest column groups under alpha and the conflict
// budget, with a proof, by SAT (SatSolver.h). The model, for k group slots over the nonzero
// columns:
//   x(c, g): column c is in group g; every column is in some group;
//   alpha: at most alpha columns per group (a sequential counter);
//   budget 0: in every row, at most one of the row's columns per group;
//   budget b > 0: a conflict literal for each nonzero after the first in a row of a group, at most
//     b of them true per group (sequential counter);
//   e(g): group g is in use; a column in g implies e(g), and e(g + 1) implies e(g).
// Symmetry: with budget 0, the columns of a clique of the conflict graph (GroupLowerBound.h) are
// fixed into groups 0, 1, ...; with a budget, column i (in column order) may only use groups <= i.
// The solve starts from the search packer's result (PackingSearch.h). "At most k groups?" is the
// model under the assumption e(k) false, so one model answers every k and keeps what it learned.
// Two solvers work at once on two questions: one, tuned for proofs, asks "at most bound?" (no:
// the bound rises); the other, tuned for finding, asks "at most best - 1?" (yes: a better packing).
// They stop when bound and best meet (optimal) or at the time limit (the best found and the best
// bound). Every packing a solver returns is checked against the limits.
#include "packing/ColumnCombiner.h"

#include <atomic>
#include <string>

namespace colcomb {

struct ExactPacking {
    ColumnGroups groups;
    int bound = 0;         // no packing has fewer groups
    bool optimal = false;  // groups.size() == bound, proved
    std::string log;       // what the solve did, a line per step (never printed by core)
};

// Throws ExactSolverMissing when the build has no SAT solver, PackingCancelled when `cancel` is
// raised. `pairwiseSectionColumns` sets the pairwise start, as for `search`.
ExactPacking packExactly(const SparsityPattern& pattern, const CombineLimits& limits, double timeLimitSeconds, int pairwiseSectionColumns = 256,
                         const std::atomic<bool>* cancel = nullptr);
// The same from a given packing within the limits (no search first).
ExactPacking packExactlyFrom(const SparsityPattern& pattern, const CombineLimits& limits, ColumnGroups start, double timeLimitSeconds,
                             const std::atomic<bool>* cancel = nullptr);

} // namespace colcomb
