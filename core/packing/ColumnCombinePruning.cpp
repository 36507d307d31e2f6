#include "packing/ColumnCombinePruning.h"

#include "packing/CombiningSteps.h"

#include <algorithm>

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    return columnCombinePrune(weights, SparsityPattern(weights), groups, lanes);
}

namespace {
// N:M: row by row (the matrix is row-major), a group holding more than `lanes` weights in the row
// keeps its `lanes` largest (keptColumns).
FilterMatrix pruneToLanes(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    FilterMatrix pruned = weights;
    std::vector<int> kept;
    kept.reserve(static_cast<std::size_t>(lanes));
    for (int r = 0; r < weights.rows(); ++r)
        for (const ColumnGroup& group : groups) {
            int count = 0;
            for (int c : group) count += weights(r, c) != 0.0f;
            if (count <= lanes) continue;
            keptColumns(weights, r, group, lanes, kept);
            for (int c : group)
                if (std::find(kept.begin(), kept.end(), c) == kept.end()) pruned(r, c) = 0.0f;
        }
    return pruned;
}
} // namespace

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const SparsityPattern& pattern, const ColumnGroups& groups, int lanes)
{
    if (lanes > 1) return pruneToLanes(weights, groups, lanes);
    FilterMatrix pruned = weights;
    // For each group, the rows where two or more of its columns hold a weight: the only rows to
    // prune. Then row by row (the matrix is row-major: each row's groups are read from one run of
    // cache lines), the colliding groups keep their largest weight.
    const std::size_t words = static_cast<std::size_t>(pattern.words());
    std::vector<Word> collide(groups.size() * words, 0);
    RowSet seen(words);
    for (std::size_t g = 0; g < groups.size(); ++g) {
        std::fill(seen.begin(), seen.end(), 0);
        Word* rows = collide.data() + g * words;
        for (int c : groups[g]) {
            const auto bits = pattern.column(c);
            for (std::size_t w = 0; w < words; ++w) {
                rows[w] |= seen[w] & bits[w];
                seen[w] |= bits[w];
            }
        }
    }
    for (int r = 0; r < weights.rows(); ++r) {
        const std::size_t w = static_cast<std::size_t>(r) >> 6;
        const Word bit = Word{1} << (r & 63);
        for (std::size_t g = 0; g < groups.size(); ++g) {
            if ((collide[g * words + w] & bit) == 0) continue;
            const int keep = keptColumn(weights, r, groups[g]);
            for (int c : groups[g])
                if (c != keep) pruned(r, c) = 0.0f;
        }
    }
    return pruned;
}

} // namespace colcomb
