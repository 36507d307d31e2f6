#include "packing/PackingSearch.h"

#include "packing/GroupLowerBound.h"
#include "packing/PackingCancelled.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>

namespace colcomb {

namespace {

// Row visits per second of budget, measured on the reference machine (README, "Exact and search").
constexpr double kWorkPerSecond = 3.0e8;

class TabuSearch {
public:
    TabuSearch(const SparsityPattern& pattern, const CombineLimits& limits, const std::vector<int>& columns, unsigned seed, long long workLimit,
               const std::atomic<bool>* cancel)
        : m_rowCount(pattern.rows()), m_limits(limits), m_columns(columns), m_rows(columns.size()), m_owner(columns.size(), -1),
          m_delta(static_cast<std::size_t>(pattern.rows()), 0), m_rng(seed), m_workLimit(workLimit), m_cancel(cancel)
    {
        for (std::size_t i = 0; i < columns.size(); ++i)
            for (int r = 0; r < m_rowCount; ++r)
                if (testBit(pattern.column(columns[i]), r)) m_rows[i].push_back(r);
    }

    // Local column indices per group.
    std::vector<std::vector<int>> run(std::vector<std::vector<int>> groups, int lowerBound)
    {
        std::vector<std::vector<int>> best = groups;
        const long long searchLimit = m_workLimit - m_workLimit / 5;  // the last fifth polishes
        while (m_work < searchLimit && static_cast<int>(best.size()) > lowerBound) {
            load(best);
            dissolveSmallestGroup();
            if (!placeWaiting(searchLimit)) break;
            best = m_members;
        }
        load(best);
        polish();
        return m_members;
    }

private:
    int groupCount() const { return static_cast<int>(m_members.size()); }
    int conflicts(int g) const { return m_nnz[static_cast<std::size_t>(g)] - m_covered[static_cast<std::size_t>(g)]; }
    std::uint16_t& count(int g, int r) { return m_counts[static_cast<std::size_t>(g) * static_cast<std::size_t>(m_rowCount) + static_cast<std::size_t>(r)]; }
    const std::vector<int>& rowsOf(int c) const { return m_rows[static_cast<std::size_t>(c)]; }

    void load(const std::vector<std::vector<int>>& groups)
    {
        const std::size_t k = groups.size();
        m_members.assign(k, {});
        m_counts.assign(k * static_cast<std::size_t>(m_rowCount), 0);
        m_nnz.assign(k, 0);
        m_covered.assign(k, 0);
        m_waiting.clear();
        for (std::size_t g = 0; g < k; ++g)
            for (int c : groups[g]) add(c, static_cast<int>(g));
    }

    void add(int c, int g)
    {
        for (int r : rowsOf(c))
            if (count(g, r)++ == 0) ++m_covered[static_cast<std::size_t>(g)];
        m_nnz[static_cast<std::size_t>(g)] += static_cast<int>(rowsOf(c).size());
        m_members[static_cast<std::size_t>(g)].push_back(c);
        m_owner[static_cast<std::size_t>(c)] = g;
        m_work += static_cast<long long>(rowsOf(c).size());
    }

    void remove(int c, int g)
    {
        for (int r : rowsOf(c))
            if (--count(g, r) == 0) --m_covered[static_cast<std::size_t>(g)];
        m_nnz[static_cast<std::size_t>(g)] -= static_cast<int>(rowsOf(c).size());
        auto& members = m_members[static_cast<std::size_t>(g)];
        members.erase(std::find(members.begin(), members.end(), c));
        m_owner[static_cast<std::size_t>(c)] = -1;
        m_work += static_cast<long long>(rowsOf(c).size());
    }

    // The group with the fewest columns (fewest nonzeros on ties, the first on ties again) goes;
    // its columns wait.
    void dissolveSmallestGroup()
    {
        int victim = 0;
        for (int g = 1; g < groupCount(); ++g) {
            const auto& a = m_members[static_cast<std::size_t>(g)];
            const auto& b = m_members[static_cast<std::size_t>(victim)];
            if (a.size() < b.size() || (a.size() == b.size() && m_nnz[static_cast<std::size_t>(g)] < m_nnz[static_cast<std::size_t>(victim)])) victim = g;
        }
        const std::vector<int> columns = m_members[static_cast<std::size_t>(victim)];
        for (int c : columns) {
            remove(c, victim);
            m_waiting.push_back(c);
        }
        const std::size_t last = m_members.size() - 1;
        const std::size_t v = static_cast<std::size_t>(victim);
        if (v != last) {
            m_members[v] = std::move(m_members[last]);
            std::copy_n(m_counts.begin() + static_cast<std::ptrdiff_t>(last * static_cast<std::size_t>(m_rowCount)), m_rowCount,
                        m_counts.begin() + static_cast<std::ptrdiff_t>(v * static_cast<std::size_t>(m_rowCount)));
            m_nnz[v] = m_nnz[last];
            m_covered[v] = m_covered[last];
            for (int c : m_members[v]) m_owner[static_cast<std::size_t>(c)] = victim;
        }
        m_members.pop_back();
        m_counts.resize(last * static_cast<std::size_t>(m_rowCount));
        m_nnz.pop_back();
        m_covered.pop_back();
    }

    // The columns group g must give up to take c, most conflicting first (the sparsest on ties);
    // `evicted` receives them when not null. Returns their number.
    int evictions(int c, int g, std::vector<int>* evicted)
    {
        const auto& members = m_members[static_cast<std::size_t>(g)];
        int size = static_cast<int>(members.size()) + 1;
        int conflictCount = conflicts(g);
        for (int r : rowsOf(c)) conflictCount += count(g, r) > 0 ? 1 : 0;
        m_work += static_cast<long long>(rowsOf(c).size());
        if (size <= m_limits.alpha && conflictCount <= m_limits.conflictBudget) return 0;
        for (int r : rowsOf(c)) ++m_delta[static_cast<std::size_t>(r)];
        m_gone.assign(members.size(), false);
        int out = 0;
        while (size > m_limits.alpha || conflictCount > m_limits.conflictBudget) {
            std::size_t pick = members.size();
            int pickRelief = -1;
            for (std::size_t i = 0; i < members.size(); ++i) {
                if (m_gone[i]) continue;
                const int v = members[i];
                int relief = 0;
                for (int r : rowsOf(v)) relief += count(g, r) + m_delta[static_cast<std::size_t>(r)] >= 2 ? 1 : 0;
                m_work += static_cast<long long>(rowsOf(v).size());
                if (relief > pickRelief || (relief == pickRelief && rowsOf(v).size() < rowsOf(members[pick]).size())) {
                    pick = i;
                    pickRelief = relief;
                }
            }
            m_gone[pick] = true;
            for (int r : rowsOf(members[pick])) --m_delta[static_cast<std::size_t>(r)];
            conflictCount -= pickRelief;
            --size;
            ++out;
            if (evicted) evicted->push_back(members[pick]);
        }
        for (int r : rowsOf(c)) m_delta[static_cast<std::size_t>(r)] = 0;
        for (std::size_t i = 0; i < members.size(); ++i)
            if (m_gone[i])
                for (int r : rowsOf(members[i])) m_delta[static_cast<std::size_t>(r)] = 0;
        return out;
    }

    void checkCancel() const
    {
        if (m_cancel && m_cancel->load(std::memory_order_relaxed)) throw PackingCancelled();
    }

    // Tabu search until no column waits (true) or the work runs out (false).
    bool placeWaiting(long long workLimit)
    {
        const std::size_t groups = m_members.size();
        std::vector<long long> tabu(m_columns.size() * groups, 0);
        std::size_t fewestWaiting = m_waiting.size();
        long long iteration = 0;
        std::vector<int> evicted;
        while (!m_waiting.empty()) {
            if (m_work >= workLimit) return false;
            if ((iteration & 63) == 0) checkCancel();
            ++iteration;
            int bestCost = std::numeric_limits<int>::max();
            std::size_t bestWaiting = 0;
            int bestGroup = -1;
            unsigned ties = 0;
            for (std::size_t w = 0; w < m_waiting.size(); ++w) {
                const int c = m_waiting[w];
                for (std::size_t g = 0; g < groups; ++g) {
                    const int cost = evictions(c, static_cast<int>(g), nullptr);
                    const bool aspired = m_waiting.size() - 1 + static_cast<std::size_t>(cost) < fewestWaiting;
                    if (tabu[static_cast<std::size_t>(c) * groups + g] > iteration && !aspired) continue;
                    if (cost < bestCost) {
                        bestCost = cost;
                        ties = 1;
                    } else if (cost > bestCost || m_rng() % ++ties != 0) {
                        continue;
                    }
                    bestWaiting = w;
                    bestGroup = static_cast<int>(g);
                }
            }
            if (bestGroup < 0) continue;  // every move is tabu: wait for one to free up
            const int c = m_waiting[bestWaiting];
            m_waiting.erase(m_waiting.begin() + static_cast<std::ptrdiff_t>(bestWaiting));
            evicted.clear();
            evictions(c, bestGroup, &evicted);
            const long long tenure = static_cast<long long>(0.6 * static_cast<double>(m_waiting.size() + evicted.size())) + static_cast<long long>(m_rng() % 10);
            for (int v : evicted) {
                remove(v, bestGroup);
                m_waiting.push_back(v);
                tabu[static_cast<std::size_t>(v) * groups + static_cast<std::size_t>(bestGroup)] = iteration + tenure;
            }
            add(c, bestGroup);
            fewestWaiting = std::min(fewestWaiting, m_waiting.size());
        }
        return true;
    }

    // Conflicts column c adds to group h as it stands, not counting column `without` there.
    int overlap(int c, int h, int without)
    {
        int cost = 0;
        for (int r : m_rows[static_cast<std::size_t>(c)]) cost += count(h, r) - (without >= 0 && m_owner[static_cast<std::size_t>(without)] == h && hasRow(without, r)) > 0 ? 1 : 0;
        m_work += static_cast<long long>(m_rows[static_cast<std::size_t>(c)].size());
        return cost;
    }
    bool hasRow(int c, int r) const { return std::binary_search(m_rows[static_cast<std::size_t>(c)].begin(), m_rows[static_cast<std::size_t>(c)].end(), r); }
    // The conflicts column c takes out of its group by leaving it.
    int relief(int c)
    {
        const int g = m_owner[static_cast<std::size_t>(c)];
        int own = 0;
        for (int r : m_rows[static_cast<std::size_t>(c)]) own += count(g, r) >= 2 ? 1 : 0;
        return own;
    }

    // Fewer conflicts at the same group count: move a column to a group with room where it
    // conflicts less, or swap two columns of different groups, while anything improves and work
    // remains. A group a move leaves empty is gone.
    void polish()
    {
        if (m_limits.conflictBudget == 0) return;
        const int n = static_cast<int>(m_columns.size());
        for (bool improved = true; improved && m_work < m_workLimit;) {
            improved = false;
            checkCancel();
            for (int c = 0; c < n && m_work < m_workLimit; ++c) {
                const int g = m_owner[static_cast<std::size_t>(c)];
                const int own = relief(c);
                if (own == 0) continue;
                int target = -1;
                int targetCost = own;
                for (int h = 0; h < groupCount(); ++h) {
                    if (h == g || static_cast<int>(m_members[static_cast<std::size_t>(h)].size()) >= m_limits.alpha) continue;
                    const int cost = overlap(c, h, -1);
                    if (cost < targetCost && conflicts(h) + cost <= m_limits.conflictBudget) {
                        target = h;
                        targetCost = cost;
                    }
                }
                if (target >= 0) {
                    remove(c, g);
                    add(c, target);
                    improved = true;
                    if (m_members[static_cast<std::size_t>(g)].empty()) {
                        std::vector<std::vector<int>> kept;
                        for (auto& members : m_members)
                            if (!members.empty()) kept.push_back(std::move(members));
                        load(kept);
                    }
                    continue;
                }
                // Swap with the column d of another group that gains the most.
                int partner = -1;
                int bestGain = 0;
                for (int d = 0; d < n; ++d) {
                    const int h = m_owner[static_cast<std::size_t>(d)];
                    if (h == g) continue;
                    const int dOwn = relief(d);
                    const int cThere = overlap(c, h, d);
                    const int dHere = overlap(d, g, c);
                    const int gain = own + dOwn - cThere - dHere;
                    if (gain > bestGain && conflicts(g) - own + dHere <= m_limits.conflictBudget && conflicts(h) - dOwn + cThere <= m_limits.conflictBudget) {
                        partner = d;
                        bestGain = gain;
                    }
                }
                if (partner < 0) continue;
                const int h = m_owner[static_cast<std::size_t>(partner)];
                remove(c, g);
                remove(partner, h);
                add(c, h);
                add(partner, g);
                improved = true;
            }
        }
    }

    int m_rowCount;
    CombineLimits m_limits;
    const std::vector<int>& m_columns;
    std::vector<std::vector<int>> m_rows;  // each column's nonzero rows
    std::vector<int> m_owner;
    std::vector<std::vector<int>> m_members;
    std::vector<std::uint16_t> m_counts;  // group x row: the group's nonzeros in the row
    std::vector<int> m_nnz;
    std::vector<int> m_covered;
    std::vector<int> m_waiting;
    std::vector<int> m_delta;  // scratch for evictions: rows the candidate adds, less those evicted
    std::vector<bool> m_gone;
    std::mt19937 m_rng;
    long long m_work = 0;
    long long m_workLimit;
    const std::atomic<bool>* m_cancel;
};

} // namespace

std::string limitsProblem(const SparsityPattern& pattern, const ColumnGroups& groups, const CombineLimits& limits)
{
    std::vector<int> nonzero;
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) nonzero.push_back(c);
    if (std::string problem = columnGroupsProblem(groups, pattern.cols()); !problem.empty()) return problem;
    std::size_t placed = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        placed += groups[g].size();
        if (static_cast<int>(groups[g].size()) > limits.alpha)
            return "group " + std::to_string(g) + " has " + std::to_string(groups[g].size()) + " columns, alpha is " + std::to_string(limits.alpha);
        if (const int c = groupConflicts(pattern, groups[g]); c > limits.conflictBudget)
            return "group " + std::to_string(g) + " has " + std::to_string(c) + " conflicts, the budget is " + std::to_string(limits.conflictBudget);
        for (int c : groups[g])
            if (pattern.columnNnz(c) == 0) return "group " + std::to_string(g) + " holds the all-zero column " + std::to_string(c);
    }
    if (placed != nonzero.size()) return std::to_string(nonzero.size() - placed) + " nonzero columns are in no group";
    return {};
}

ColumnGroups searchStart(const SparsityPattern& pattern, const CombineLimits& limits, int pairwiseSectionColumns)
{
    ColumnGroups pairwise = PairwiseCombiner(pairwiseSectionColumns).combine(pattern, limits);
    ColumnGroups greedy = GreedyCombiner().combine(pattern, limits);
    return greedy.size() < pairwise.size() ? greedy : pairwise;
}

ColumnGroups improvePacking(const SparsityPattern& pattern, const CombineLimits& limits, ColumnGroups start, const SearchBudget& budget,
                            const std::atomic<bool>* cancel)
{
    if (std::string problem = limitsProblem(pattern, start, limits); !problem.empty())
        throw std::invalid_argument("the search's starting packing is not within the limits: " + problem);
    std::vector<int> columns;
    std::vector<int> local(static_cast<std::size_t>(pattern.cols()), -1);
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) {
            local[static_cast<std::size_t>(c)] = static_cast<int>(columns.size());
            columns.push_back(c);
        }
    std::vector<std::vector<int>> groups;
    for (const ColumnGroup& group : start) {
        groups.emplace_back();
        for (int c : group) groups.back().push_back(local[static_cast<std::size_t>(c)]);
    }
    const GroupLowerBound bound = groupsLowerBound(pattern, limits.alpha, limits.conflictBudget);
    const auto work = static_cast<long long>(std::max(0.0, budget.seconds) * kWorkPerSecond);
    TabuSearch search(pattern, limits, columns, budget.seed, work, cancel);
    ColumnGroups out;
    for (const auto& group : search.run(std::move(groups), bound.value())) {
        ColumnGroup g;
        for (int c : group) g.push_back(columns[static_cast<std::size_t>(c)]);
        std::sort(g.begin(), g.end());
        out.push_back(std::move(g));
    }
    std::sort(out.begin(), out.end());
    if (out.size() > start.size()) throw std::logic_error("the search returned more groups than it started with");
    if (std::string problem = limitsProblem(pattern, out, limits); !problem.empty()) throw std::logic_error("the search broke the limits: " + problem);
    return out;
}

} // namespace colcomb
