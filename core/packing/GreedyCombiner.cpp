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
    int rank = 0;
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
        const bool opened = best < 0;
        if (opened) {
            best = static_cast<int>(covers.size());
            covers.emplace_back(pattern.words());
            groups.emplace_back();
        }
        if (listener()) {
            // Why the other groups could not take it: a second pass, made only when listened to.
            PlaceStep step;
            step.column = c;
            step.columnNnz = pattern.columnNnz(c);
            step.densityRank = rank;
            step.group = best;
            step.opened = opened;
            step.conflictsAdded = opened ? 0 : bestGain;
            step.budget = limits.conflictBudget;
            for (std::size_t g = 0; g < covers.size(); ++g) {
                if (static_cast<int>(g) == best) continue;
                if (covers[g].size >= limits.alpha) step.refused.push_back({static_cast<int>(g), Refusal::Full, covers[g].conflicts});
                else if (const int after = covers[g].conflicts + popcountAnd(column, covers[g].rows); after > limits.conflictBudget)
                    step.refused.push_back({static_cast<int>(g), Refusal::OverBudget, after});
            }
            step.groupConflicts = covers[static_cast<std::size_t>(best)].conflicts + step.conflictsAdded;
            listener()(step);
        }
        covers[static_cast<std::size_t>(best)].add(pattern, c);
        groups[static_cast<std::size_t>(best)].push_back(c);
        ++rank;
    }
    return groups;
}

} // namespace colcomb
