#include "packing/GroupLowerBound.h"

#include <algorithm>
#include <bit>
#include <numeric>

namespace colcomb {

namespace {

int capacityBound(const SparsityPattern& p, int alpha)
{
    int nonzeroColumns = 0;
    for (int c = 0; c < p.cols(); ++c) nonzeroColumns += p.columnNnz(c) > 0 ? 1 : 0;
    return (nonzeroColumns + alpha - 1) / alpha;
}

// Smallest g with sum_r max(0, n_r - g) <= g * budget; the left side falls and the right side
// grows with g, so a binary search finds it.
int rowBound(const SparsityPattern& p, int budget)
{
    const auto feasible = [&](long long g) {
        long long excess = 0;
        for (int r = 0; r < p.rows(); ++r) excess += std::max(0LL, p.rowNnz(r) - g);
        return excess <= g * budget;
    };
    int lo = 0;
    int hi = 0;
    for (int r = 0; r < p.rows(); ++r) hi = std::max(hi, p.rowNnz(r));
    while (lo < hi) {
        const int mid = lo + (hi - lo) / 2;
        if (feasible(mid)) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

} // namespace

namespace {

using Bits = std::vector<Word>;

int firstBit(const Bits& b)
{
    for (std::size_t w = 0; w < b.size(); ++w)
        if (b[w]) return static_cast<int>(w * 64) + std::countr_zero(b[w]);
    return -1;
}

// Maximum clique by branch and bound with a greedy colouring bound (Tomita and Seki's MCQ): the
// candidates are coloured greedily, and a branch whose clique plus its colours cannot beat the
// best is cut. Stops after its node limit with the largest clique found.
class CliqueSearch {
public:
    CliqueSearch(const std::vector<Word>& adjacency, std::size_t words, std::vector<int> best, long long nodeLimit)
        : m_adjacency(adjacency), m_words(words), m_best(std::move(best)), m_nodeLimit(nodeLimit) {}

    std::vector<int> run(const Bits& all)
    {
        std::vector<int> current;
        expand(current, all);
        return m_best;
    }

private:
    std::span<const Word> adj(int v) const { return std::span<const Word>(m_adjacency).subspan(static_cast<std::size_t>(v) * m_words, m_words); }

    void expand(std::vector<int>& current, Bits candidates)
    {
        if (++m_nodes > m_nodeLimit) return;
        std::vector<int> order;
        std::vector<int> colour;
        Bits uncoloured = candidates;
        for (int c = 1; firstBit(uncoloured) >= 0; ++c) {
            Bits free = uncoloured;
            for (int v = firstBit(free); v >= 0; v = firstBit(free)) {
                uncoloured[static_cast<std::size_t>(v) >> 6] &= ~(Word{1} << (v & 63));
                free[static_cast<std::size_t>(v) >> 6] &= ~(Word{1} << (v & 63));
                const auto a = adj(v);
                for (std::size_t w = 0; w < m_words; ++w) free[w] &= ~a[w];
                order.push_back(v);
                colour.push_back(c);
            }
        }
        for (std::size_t i = order.size(); i-- > 0;) {
            if (current.size() + static_cast<std::size_t>(colour[i]) <= m_best.size() || m_nodes > m_nodeLimit) return;
            const int v = order[i];
            current.push_back(v);
            Bits next(m_words);
            const auto a = adj(v);
            for (std::size_t w = 0; w < m_words; ++w) next[w] = candidates[w] & a[w];
            if (firstBit(next) < 0) {
                if (current.size() > m_best.size()) m_best = current;
            } else {
                expand(current, std::move(next));
            }
            current.pop_back();
            candidates[static_cast<std::size_t>(v) >> 6] &= ~(Word{1} << (v & 63));
        }
    }

    const std::vector<Word>& m_adjacency;
    std::size_t m_words;
    std::vector<int> m_best;
    long long m_nodeLimit;
    long long m_nodes = 0;
};

} // namespace

// Cliques in the column conflict graph: greedy ones seeded from the highest-degree columns, then
// (when asked) a bounded exact search from the best of them. The adjacency costs nnz x cols/64 words to build,
// so very large layers skip it (the row bound already covers every single-row clique).
std::vector<int> conflictClique(const SparsityPattern& p, long long searchNodes)
{
    const int n = p.cols();
    const std::size_t words = static_cast<std::size_t>(wordsFor(n));
    long long nnz = 0;
    for (int c = 0; c < n; ++c) nnz += p.columnNnz(c);
    if (nnz * static_cast<long long>(words) > 50'000'000LL) return {};

    std::vector<Word> rowColumns(static_cast<std::size_t>(p.rows()) * words, 0);
    for (int c = 0; c < n; ++c)
        for (int r = 0; r < p.rows(); ++r)
            if (testBit(p.column(c), r)) setBit(std::span(rowColumns).subspan(static_cast<std::size_t>(r) * words, words), c);
    std::vector<Word> adjacency(static_cast<std::size_t>(n) * words, 0);
    const auto adj = [&](int c) { return std::span(adjacency).subspan(static_cast<std::size_t>(c) * words, words); };
    for (int c = 0; c < n; ++c) {
        for (int r = 0; r < p.rows(); ++r)
            if (testBit(p.column(c), r)) orInto(adj(c), std::span<const Word>(rowColumns).subspan(static_cast<std::size_t>(r) * words, words));
        adj(c)[static_cast<std::size_t>(c) >> 6] &= ~(Word{1} << (c & 63));
    }

    std::vector<int> seeds(static_cast<std::size_t>(n));
    std::iota(seeds.begin(), seeds.end(), 0);
    std::stable_sort(seeds.begin(), seeds.end(), [&](int a, int b) { return popcount(adj(a)) > popcount(adj(b)); });
    seeds.resize(std::min<std::size_t>(seeds.size(), 32));

    std::vector<int> best;
    std::vector<Word> candidates(words);
    for (int seed : seeds) {
        if (p.columnNnz(seed) == 0) continue;
        std::copy(adj(seed).begin(), adj(seed).end(), candidates.begin());
        std::vector<int> clique{seed};
        while (popcount(candidates) > 0) {
            int pick = -1;
            int pickDegree = -1;
            for (int v = 0; v < n; ++v) {
                if (!testBit(candidates, v)) continue;
                const int degree = popcountAnd(adj(v), candidates);
                if (degree > pickDegree) {
                    pick = v;
                    pickDegree = degree;
                }
            }
            clique.push_back(pick);
            const auto pickAdj = adj(pick);
            for (std::size_t w = 0; w < words; ++w) candidates[w] &= pickAdj[w];
        }
        if (clique.size() > best.size()) best = std::move(clique);
    }
    if (searchNodes <= 0) return best;
    Bits all(words, 0);
    for (int c = 0; c < n; ++c)
        if (p.columnNnz(c) > 0) setBit(all, c);
    return CliqueSearch(adjacency, words, std::move(best), searchNodes).run(all);
}


int GroupLowerBound::value() const { return std::max({capacity, rows, clique, proof}); }

GroupLowerBound groupsLowerBound(const SparsityPattern& pattern, int alpha, int conflictBudget)
{
    GroupLowerBound bound;
    bound.capacity = capacityBound(pattern, alpha);
    bound.rows = rowBound(pattern, conflictBudget);
    bound.clique = conflictBudget == 0 ? static_cast<int>(conflictClique(pattern).size()) : 0;
    return bound;
}

} // namespace colcomb
