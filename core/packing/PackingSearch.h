#pragma once
// The search packer (method `search`): an anytime improver that starts from the better of the
// pairwise and greedy packings and tries, again and again, to do with one group fewer. Each try
// dissolves the group with the fewest columns and re-inserts its columns by a tabu search over
// partial packings (as PartialCol does for graph colouring): a move puts a waiting column into a
// group and sends back to the waiting list the group's columns it has to evict to stay within
// alpha and the conflict budget (those with the most conflicts first); an evicted column may not
// return to that group for a while. The try succeeds when nothing waits. At the end, columns move
// to groups where they conflict less, so among equal group counts fewer weights are pruned.
//
// It never returns more groups than the packing it starts from, and every group it returns is
// within the limits (checked before it returns). The budget is counted in work, not time: the
// same pattern, limits, budget and seed give the same groups on any machine. One second of budget
// is the work this machine's reference core does in about one second.
#include "packing/ColumnCombiner.h"

#include <atomic>

namespace colcomb {

struct SearchBudget {
    double seconds = 1.0;  // of work (see above)
    unsigned seed = 1;
};

// `start` must be a packing of `pattern`'s nonzero columns within `limits`. Throws PackingCancelled
// when `cancel` is raised.
ColumnGroups improvePacking(const SparsityPattern& pattern, const CombineLimits& limits, ColumnGroups start, const SearchBudget& budget,
                            const std::atomic<bool>* cancel = nullptr);

// The starting point: pairwise (with `pairwiseSectionColumns`) or greedy, whichever has fewer
// groups (pairwise on ties).
ColumnGroups searchStart(const SparsityPattern& pattern, const CombineLimits& limits, int pairwiseSectionColumns);

// What makes `groups` break `limits` on `pattern` (a group over alpha columns or over the budget), or "".
std::string limitsProblem(const SparsityPattern& pattern, const ColumnGroups& groups, const CombineLimits& limits);

} // namespace colcomb
