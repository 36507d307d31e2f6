#include "packing/GroupLowerBound.h"

#include <algorithm>
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

// Greedy cliques in the column conflict graph, seeded from the highest-degree columns. The
// adjacency costs nnz x cols/64 words to build, so very large layers skip it (the row bound
// already covers every single-row clique).
int cliqueBound(const SparsityPattern& p)
{
    const int n = p.cols();
    const std::size_t words = static_cast<std::size_t>(wordsFor(n));
    long long nnz = 0;
    for (int c = 0; c < n; ++c) nnz += p.columnNnz(c);
    if (nnz * static_cast<long long>(words) > 50'000'000LL) return 0;

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

    int best = 0;
    std::vector<Word> candidates(words);
    for (int seed : seeds) {
        if (p.columnNnz(seed) == 0) continue;
        std::copy(adj(seed).begin(), adj(seed).end(), candidates.begin());
        int size = 1;
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
            ++size;
            const auto pickAdj = adj(pick);
            for (std::size_t w = 0; w < words; ++w) candidates[w] &= pickAdj[w];
        }
        best = std::max(best, size);
    }
    return best;
}

} // namespace

int GroupLowerBound::value() const { return std::max({capacity, rows, clique}); }

GroupLowerBound groupsLowerBound(const SparsityPattern& pattern, int alpha, int conflictBudget)
{
    GroupLowerBound bound;
    bound.capacity = capacityBound(pattern, alpha);
    bound.rows = rowBound(pattern, conflictBudget);
    bound.clique = conflictBudget == 0 ? cliqueBound(pattern) : 0;
    return bound;
}

} // namespace colcomb
