// The authors' released column combining (packing.py, pack_matrix), reproduced decision for
// decision but without the dense G x G x rows tensors it rebuilds every step:
//   start with one group per nonzero column; repeat: a pair (i, j) is admissible when the union
//   has <= alpha columns and <= budget conflicts; take the first group i (in current order) with
//   an admissible partner, merge into it the partner j that leaves the fewest all-zero rows in the
//   union (lowest index on ties), drop j; stop when no pair is admissible.
// "Fewest all-zero rows" is "most rows covered", so one OR-popcount per pair answers both the
// conflict test and the score. The pair scores live in a matrix and each group counts its
// admissible partners. A merge changes only the pairs of the merged group, so it re-scores one row
// (O(G) popcounts) and adjusts the counts; the next group to merge is the first with a nonzero
// count, and only its partners are searched for the best. Nobody else's best partner is needed:
// keeping every group's best partner up to date cost O(G^2) per merge on sparse layers, where
// most groups share one best partner.
#include "packing/ColumnCombiner.h"

#include <algorithm>
#include <limits>

namespace colcomb {

namespace {

constexpr int kInadmissible = std::numeric_limits<int>::max();

class PairwiseMerge {
public:
    PairwiseMerge(const SparsityPattern& pattern, const std::vector<int>& columns, const CombineLimits& limits, const StepListener& listener, int section)
        : m_listener(listener), m_section(section), m_rowCount(pattern.rows()), m_limits(limits),
          m_words(static_cast<std::size_t>(pattern.words())), m_count(columns.size()), m_rows(m_count * m_words, 0), m_nnz(m_count),
          m_size(m_count, 1), m_alive(m_count, true), m_groups(m_count), m_score(m_count * m_count, kInadmissible), m_partners(m_count, 0)
    {
        for (std::size_t i = 0; i < m_count; ++i) {
            const auto bits = pattern.column(columns[i]);
            std::copy(bits.begin(), bits.end(), m_rows.begin() + static_cast<std::ptrdiff_t>(i * m_words));
            m_nnz[i] = pattern.columnNnz(columns[i]);
            m_groups[i] = {columns[i]};
        }
        for (std::size_t i = 0; i < m_count; ++i)
            for (std::size_t j = i + 1; j < m_count; ++j)
                if ((score(i, j) = score(j, i) = evaluate(i, j)) != kInadmissible) {
                    ++m_partners[i];
                    ++m_partners[j];
                }
    }

    ColumnGroups run()
    {
        std::size_t first = 0;  // no group before it has an admissible partner
        while (true) {
            while (first < m_count && m_partners[first] == 0) ++first;
            if (first == m_count) break;
            const std::size_t i = first;
            std::size_t partner = 0;
            int best = kInadmissible;
            for (std::size_t j = 0; j < m_count; ++j)
                if (j != i && m_alive[j] && score(i, j) < best) {
                    best = score(i, j);
                    partner = j;
                }
            if (m_listener) {
                const int covered = -best;
                m_listener(MergeStep{m_section, m_groups[i], m_groups[partner], m_nnz[i] + m_nnz[partner] - covered, m_limits.conflictBudget,
                                     covered, m_rowCount});
            }
            // Groups before i had no admissible partner and cannot gain one (a union of more
            // columns has no fewer conflicts), so the next search starts at i.
            merge(i, partner);
        }
        ColumnGroups out;
        for (std::size_t i = 0; i < m_count; ++i)
            if (m_alive[i]) out.push_back(std::move(m_groups[i]));
        return out;
    }

private:
    int& score(std::size_t i, std::size_t j) { return m_score[i * m_count + j]; }
    std::span<Word> rowsOf(std::size_t i) { return {m_rows.data() + i * m_words, m_words}; }

    // Lower is better: the union's uncovered rows, up to a constant (all rows minus covered).
    int evaluate(std::size_t i, std::size_t j)
    {
        if (m_size[i] + m_size[j] > m_limits.alpha) return kInadmissible;
        const int covered = popcountOr(rowsOf(i), rowsOf(j));
        const int conflicts = m_nnz[i] + m_nnz[j] - covered;
        return conflicts <= m_limits.conflictBudget ? -covered : kInadmissible;
    }

    void merge(std::size_t i, std::size_t j)
    {
        orInto(rowsOf(i), rowsOf(j));
        m_nnz[i] += m_nnz[j];
        m_size[i] += m_size[j];
        m_groups[i].insert(m_groups[i].end(), m_groups[j].begin(), m_groups[j].end());
        m_alive[j] = false;
        m_partners[i] = 0;
        m_partners[j] = 0;
        for (std::size_t k = 0; k < m_count; ++k) {
            if (k == i || k == j || !m_alive[k]) continue;
            // k loses j and its old pair with i; the new pair with i counts if admissible.
            m_partners[k] -= (score(k, j) != kInadmissible) + (score(k, i) != kInadmissible);
            score(i, k) = score(k, i) = evaluate(i, k);
            if (score(k, i) != kInadmissible) {
                ++m_partners[k];
                ++m_partners[i];
            }
        }
    }

    const StepListener& m_listener;
    int m_section;
    int m_rowCount;
    CombineLimits m_limits;
    std::size_t m_words;
    std::size_t m_count;
    std::vector<Word> m_rows;
    std::vector<int> m_nnz;
    std::vector<int> m_size;
    std::vector<bool> m_alive;
    ColumnGroups m_groups;
    std::vector<int> m_score;
    std::vector<int> m_partners;  // admissible partners among the groups alive
};

} // namespace

ColumnGroups PairwiseCombiner::combine(const SparsityPattern& pattern, const CombineLimits& limits) const
{
    const int section = m_sectionColumns > 0 ? m_sectionColumns : std::max(pattern.cols(), 1);
    ColumnGroups groups;
    for (int start = 0; start < pattern.cols(); start += section) {
        std::vector<int> columns;
        for (int c = start; c < std::min(start + section, pattern.cols()); ++c)
            if (pattern.columnNnz(c) > 0) columns.push_back(c);
        ColumnGroups part = PairwiseMerge(pattern, columns, limits, listener(), start / section).run();
        groups.insert(groups.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
    }
    return groups;
}

} // namespace colcomb
