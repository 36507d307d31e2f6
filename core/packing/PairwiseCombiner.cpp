// The authors' released column combining (packing.py, pack_matrix), reproduced decision for
// decision but without the dense G x G x rows tensors it rebuilds every step:
//   start with one group per nonzero column; repeat: a pair (i, j) is admissible when the union
//   has <= alpha columns and <= budget conflicts; take the first group i (in current order) with
//   an admissible partner, merge into it the partner j that leaves the fewest all-zero rows in the
//   union (lowest index on ties), drop j; stop when no pair is admissible.
// "Fewest all-zero rows" is "most rows covered", so one OR-popcount per pair answers both the
// conflict test and the score. The pair scores live in a matrix; a merge changes only the row of
// the merged group, so each step costs O(G) updates instead of O(G^2) re-evaluations.
#include "packing/ColumnCombiner.h"

#include <algorithm>
#include <limits>

namespace colcomb {

namespace {

constexpr int kInadmissible = std::numeric_limits<int>::max();

class PairwiseMerge {
public:
    PairwiseMerge(const SparsityPattern& pattern, const std::vector<int>& columns, const CombineLimits& limits, const StepListener& listener, int section)
        : m_listener(listener), m_section(section), m_rowCount(pattern.rows()), m_limits(limits), m_words(static_cast<std::size_t>(pattern.words())), m_count(columns.size()),
          m_rows(m_count * m_words, 0), m_nnz(m_count), m_size(m_count, 1), m_alive(m_count, true),
          m_groups(m_count), m_score(m_count * m_count, kInadmissible), m_best(m_count)
    {
        for (std::size_t i = 0; i < m_count; ++i) {
            const auto bits = pattern.column(columns[i]);
            std::copy(bits.begin(), bits.end(), m_rows.begin() + static_cast<std::ptrdiff_t>(i * m_words));
            m_nnz[i] = pattern.columnNnz(columns[i]);
            m_groups[i] = {columns[i]};
        }
        for (std::size_t i = 0; i < m_count; ++i)
            for (std::size_t j = i + 1; j < m_count; ++j) score(i, j) = score(j, i) = evaluate(i, j);
        for (std::size_t i = 0; i < m_count; ++i) refreshBest(i);
    }

    ColumnGroups run()
    {
        while (true) {
            const auto first = std::find_if(m_best.begin(), m_best.end(), [](const Best& b) { return b.score != kInadmissible; });
            if (first == m_best.end()) break;
            const std::size_t i = static_cast<std::size_t>(first - m_best.begin());
            if (m_listener) {
                const int covered = -first->score;
                m_listener(MergeStep{m_section, m_groups[i], m_groups[first->partner], m_nnz[i] + m_nnz[first->partner] - covered,
                                     m_limits.conflictBudget, covered, m_rowCount});
            }
            merge(i, first->partner);
        }
        ColumnGroups out;
        for (std::size_t i = 0; i < m_count; ++i)
            if (m_alive[i]) out.push_back(std::move(m_groups[i]));
        return out;
    }

private:
    struct Best {
        int score = kInadmissible;
        std::size_t partner = 0;
    };

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

    void refreshBest(std::size_t i)
    {
        Best best;
        if (m_alive[i])
            for (std::size_t j = 0; j < m_count; ++j)
                if (j != i && m_alive[j] && score(i, j) < best.score) best = {score(i, j), j};
        m_best[i] = best;
    }

    void merge(std::size_t i, std::size_t j)
    {
        orInto(rowsOf(i), rowsOf(j));
        m_nnz[i] += m_nnz[j];
        m_size[i] += m_size[j];
        m_groups[i].insert(m_groups[i].end(), m_groups[j].begin(), m_groups[j].end());
        m_alive[j] = false;
        m_best[j] = {};
        for (std::size_t k = 0; k < m_count; ++k) {
            if (k == i || !m_alive[k]) continue;
            score(i, k) = score(k, i) = evaluate(i, k);
        }
        refreshBest(i);
        for (std::size_t k = 0; k < m_count; ++k) {
            if (k == i || !m_alive[k]) continue;
            Best& b = m_best[k];
            if (b.partner == i || b.partner == j) refreshBest(k);
            else if (score(k, i) < b.score || (score(k, i) == b.score && i < b.partner)) b = {score(k, i), i};
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
    std::vector<Best> m_best;
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
