#include "packing/ColumnCombinePruning.h"

#include "packing/CombiningSteps.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>

namespace colcomb {

FilterMatrix columnCombinePrune(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    return columnCombinePrune(weights, SparsityPattern(weights), groups, lanes);
}

namespace {
// N:M: row by row (the matrix is row-major), a group holding more than `lanes` weights in the row
// keeps its `lanes` largest, the earliest on ties, as keptColumns states it. Groups of up to 16
// columns (2:4, 1:8 and their kin) are ranked here on the row's magnitudes, with no allocation:
// this loop is the whole cost of an N:M mask. Wider groups, whose all-pairs ranking would cost
// more than N passes, go through keptColumns.
FilterMatrix pruneToLanes(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    FilterMatrix pruned = weights;
    std::vector<int> kept;
    constexpr std::size_t kRanked = 16;
    float magnitude[kRanked];
    for (int r = 0; r < weights.rows(); ++r) {
        const float* in = &weights.weights()(r, 0);
        float* out = &pruned(r, 0);
        for (const ColumnGroup& group : groups) {
            if (group.size() > kRanked) {
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
            // A weight stays when fewer than `lanes` of its group beat it (larger, or as large and
            // earlier): the rule of keptColumns as a rank, with no branch on the data and no chain
            // from one comparison to the next. Random weights make every data-dependent branch a
            // coin toss for the predictor: N passes with such branches took twice the time.
            const std::size_t size = group.size();
            for (std::size_t k = 0; k < size; ++k) {
                int beaten = 0;
                for (std::size_t j = 0; j < size; ++j)
                    beaten += static_cast<int>((magnitude[j] > magnitude[k]) | ((magnitude[j] == magnitude[k]) & (j < k)));
                // A mask on the bits, not `cell = kept ? cell : 0`, which compilers turn back into a
                // branch; a zero stays +0.
                float& cell = out[group[k]];
                const std::uint32_t keep = 0u - static_cast<std::uint32_t>(beaten < lanes);
                cell = std::bit_cast<float>(std::bit_cast<std::uint32_t>(cell) & keep);
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
