#include "packing/ColumnCombinePruning.h"

#include "packing/CombiningSteps.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    return columnCombinePrune(weights, SparsityPattern(weights), groups, lanes);
}

namespace {
// N:M: row by row (the matrix is row-major), a group holding more than `lanes` weights in the row
// keeps its `lanes` largest, the earliest on ties, as keptColumns states it. Groups of up to 64
// columns (every N:M group) are ranked here on the row's magnitudes with a bit set of the taken
// ones and no allocation: this loop is the whole cost of an N:M mask.
FilterMatrix pruneToLanes(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    FilterMatrix pruned = weights;
    std::vector<int> kept;
    float magnitude[64];
    for (int r = 0; r < weights.rows(); ++r) {
        const float* in = &weights.weights()(r, 0);
        float* out = &pruned(r, 0);
        for (const ColumnGroup& group : groups) {
            if (group.size() > 64) {
                keptColumns(weights, r, group, lanes, kept);
                for (int c : group)
                    if (std::find(kept.begin(), kept.end(), c) == kept.end()) out[c] = 0.0f;
                continue;
            }
            int count = 0;
            for (std::size_t k = 0; k < group.size(); ++k) {
                magnitude[k] = std::fabs(in[group[k]]);
                count += magnitude[k] > 0.0f;
            }
            if (count <= lanes) continue;
            // Without branches on the data, as keptColumn: random weights make every comparison a
            // coin toss for the branch predictor, which cost four times the work.
            std::uint64_t taken = 0;
            for (int pass = 0; pass < lanes; ++pass) {
                std::size_t best = 0;
                float largest = -1.0f;
                for (std::size_t k = 0; k < group.size(); ++k) {
                    const bool better = (magnitude[k] > largest) & (((taken >> k) & 1u) == 0);
                    best = better ? k : best;
                    largest = better ? magnitude[k] : largest;
                }
                taken |= std::uint64_t{1} << best;
            }
            for (std::size_t k = 0; k < group.size(); ++k) {
                float& cell = out[group[k]];
                cell = ((taken >> k) & 1u) != 0 ? cell : 0.0f;
            }
        }
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
