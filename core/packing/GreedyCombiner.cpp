// The paper's column combining: visit columns from densest to sparsest and put each into the
// open group that gains the fewest new conflicts while staying within alpha and the budget;
// open a new group when none can take it.
#include "packing/ColumnCombiner.h"

#include <algorithm>
#include <limits>

namespace colcomb {

ColumnGroups GreedyCombiner::combine(const SparsityPattern& pattern, const CombineLimits& limits) const
{
    std::vector<int> order;
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) order.push_back(c);
    // Stable: equal densities keep column order, so the result depends only on the matrix.
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return pattern.columnNnz(a) > pattern.columnNnz(b); });

    ColumnGroups groups;
    std::vector<GroupCover> covers;
    for (int c : order) {
        const auto column = pattern.column(c);
        int best = -1;
        int bestGain = std::numeric_limits<int>::max();
        for (std::size_t g = 0; g < covers.size(); ++g) {
            const GroupCover& cover = covers[g];
            if (cover.size >= limits.alpha) continue;
            // Joining adds exactly the rows the column shares with the group as conflicts.
            const int gain = popcountAnd(column, cover.rows);
            if (gain < bestGain && cover.conflicts + gain <= limits.conflictBudget) {
                best = static_cast<int>(g);
                bestGain = gain;
                if (gain == 0) break;  // cannot do better; the earliest such group wins
            }
        }
        if (best < 0) {
            best = static_cast<int>(covers.size());
            covers.emplace_back(pattern.words());
            groups.emplace_back();
        }
        covers[static_cast<std::size_t>(best)].add(pattern, c);
        groups[static_cast<std::size_t>(best)].push_back(c);
    }
    return groups;
}

} // namespace colcomb
