#include "packing/ExactPacking.h"

#include "packing/GroupLowerBound.h"
#include "packing/PackingCancelled.h"
#include "packing/PackingSearch.h"
#include "packing/SatSolver.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace colcomb {

namespace {

using Clock = std::chrono::steady_clock;

// Past this many literals the model is not built: the solver would spend the time limit reading it.
constexpr long long kMostLiterals = 20'000'000;
// The clique fixed into the first slots comes from a bounded search (GroupLowerBound.h).
constexpr long long kCliqueSearchNodes = 200'000;

class PackingModel {
public:
    // `clique`: columns (of the pattern) that pairwise share a row, fixed into the first slots.
    PackingModel(const SparsityPattern& pattern, const CombineLimits& limits, const std::vector<int>& columns, int slots, std::vector<int> clique)
        : m_columns(columns), m_slots(slots), m_next(1 + static_cast<int>(columns.size()) * slots + slots)
    {
        std::vector<int> local(static_cast<std::size_t>(pattern.cols()), -1);
        for (std::size_t i = 0; i < columns.size(); ++i) local[static_cast<std::size_t>(columns[i])] = static_cast<int>(i);
        m_rowColumns.resize(static_cast<std::size_t>(pattern.rows()));
        for (std::size_t i = 0; i < columns.size(); ++i)
            for (int r = 0; r < pattern.rows(); ++r)
                if (testBit(pattern.column(columns[i]), r)) m_rowColumns[static_cast<std::size_t>(r)].push_back(static_cast<int>(i));
        m_limits = limits;
        m_clique = std::move(clique);
        for (int& c : m_clique) c = local[static_cast<std::size_t>(c)];
    }

    int x(int column, int group) const { return 1 + column * m_slots + group; }
    int enabled(int group) const { return 1 + static_cast<int>(m_columns.size()) * m_slots + group; }

    // The clauses, or false when they would pass kMostLiterals.
    bool build(std::vector<std::vector<int>>& clauses)
    {
        const int n = static_cast<int>(m_columns.size());
        for (int c = 0; c < n; ++c) {
            std::vector<int> some;
            for (int g = 0; g < m_slots; ++g) some.push_back(x(c, g));
            add(clauses, some);
            for (int g = 0; g < m_slots; ++g) add(clauses, {-x(c, g), enabled(g)});
        }
        for (int g = 0; g + 1 < m_slots; ++g) add(clauses, {-enabled(g + 1), enabled(g)});
        if (!m_clique.empty()) {
            // The clique takes groups 0, 1, ...; the other groups are numbered in the order of
            // their first other column, so the j-th other column uses a group <= clique + j.
            std::vector<bool> inClique(static_cast<std::size_t>(n), false);
            for (std::size_t i = 0; i < m_clique.size() && static_cast<int>(i) < m_slots; ++i) {
                add(clauses, {x(m_clique[i], static_cast<int>(i))});
                inClique[static_cast<std::size_t>(m_clique[i])] = true;
            }
            int other = 0;
            for (int c = 0; c < n; ++c) {
                if (inClique[static_cast<std::size_t>(c)]) continue;
                for (int g = static_cast<int>(m_clique.size()) + other + 1; g < m_slots; ++g) add(clauses, {-x(c, g)});
                ++other;
            }
        } else if (m_limits.conflictBudget > 0) {
            for (int c = 0; c < n; ++c)
                for (int g = c + 1; g < m_slots; ++g) add(clauses, {-x(c, g)});
        }
        for (int g = 0; g < m_slots; ++g) {
            if (m_limits.alpha < n) {
                std::vector<int> members;
                for (int c = 0; c < n; ++c) members.push_back(x(c, g));
                atMost(clauses, members, m_limits.alpha);
            }
            if (m_limits.conflictBudget == 0) {
                for (const auto& row : m_rowColumns) {
                    std::vector<int> members;
                    for (int c : row) members.push_back(x(c, g));
                    atMost(clauses, members, 1);
                }
            } else {
                std::vector<int> conflictLiterals;
                for (const auto& row : m_rowColumns) {
                    // seen: some earlier column of the row is in g; each later one there is a conflict.
                    int seen = 0;
                    for (std::size_t i = 0; i < row.size(); ++i) {
                        const int in = x(row[i], g);
                        if (i > 0) {
                            const int conflict = m_next++;
                            add(clauses, {-in, -seen, conflict});
                            conflictLiterals.push_back(conflict);
                        }
                        if (i + 1 < row.size()) {
                            if (i == 0) {
                                seen = in;
                            } else {
                                const int nowSeen = m_next++;
                                add(clauses, {-seen, nowSeen});
                                add(clauses, {-in, nowSeen});
                                seen = nowSeen;
                            }
                        }
                    }
                }
                atMost(clauses, conflictLiterals, m_limits.conflictBudget);
            }
            if (m_literals > kMostLiterals) return false;  // it cannot shrink: stop building
        }
        return m_literals <= kMostLiterals;
    }

    long long literals() const { return m_literals; }
    int variables() const { return m_next - 1; }

private:
    void add(std::vector<std::vector<int>>& clauses, std::vector<int> clause)
    {
        m_literals += static_cast<long long>(clause.size());
        clauses.push_back(std::move(clause));
    }

    // At most k of `lits` (Sinz's sequential counter; pairwise for short lists with k = 1).
    void atMost(std::vector<std::vector<int>>& clauses, const std::vector<int>& lits, int k)
    {
        const int n = static_cast<int>(lits.size());
        if (n <= k) return;
        // A counter past the limit is not built at all (one group's can be hundreds of millions).
        if (m_literals + 7LL * n * k > kMostLiterals) {
            m_literals = kMostLiterals + 1;
            return;
        }
        if (k == 0) {
            for (int lit : lits) add(clauses, {-lit});
            return;
        }
        if (k == 1 && n <= 6) {
            for (int i = 0; i < n; ++i)
                for (int j = i + 1; j < n; ++j) add(clauses, {-lits[static_cast<std::size_t>(i)], -lits[static_cast<std::size_t>(j)]});
            return;
        }
        // s(i, j): at least j + 1 of the first i + 1 literals are true (j < k).
        const int base = m_next;
        m_next += (n - 1) * k;
        const auto s = [&](int i, int j) { return base + i * k + j; };
        const auto lit = [&](int i) { return lits[static_cast<std::size_t>(i)]; };
        add(clauses, {-lit(0), s(0, 0)});
        for (int j = 1; j < k; ++j) add(clauses, {-s(0, j)});
        for (int i = 1; i < n - 1; ++i) {
            add(clauses, {-lit(i), s(i, 0)});
            add(clauses, {-s(i - 1, 0), s(i, 0)});
            for (int j = 1; j < k; ++j) {
                add(clauses, {-lit(i), -s(i - 1, j - 1), s(i, j)});
                add(clauses, {-s(i - 1, j), s(i, j)});
            }
            add(clauses, {-lit(i), -s(i - 1, k - 1)});
        }
        add(clauses, {-lit(n - 1), -s(n - 2, k - 1)});
    }

    const std::vector<int>& m_columns;
    int m_slots;
    int m_next;
    CombineLimits m_limits;
    std::vector<std::vector<int>> m_rowColumns;  // per row, its nonzero columns (local indices)
    std::vector<int> m_clique;
    long long m_literals = 0;
};

std::string seconds(Clock::time_point since)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f s", std::chrono::duration<double>(Clock::now() - since).count());
    return text;
}

} // namespace

ExactPacking packExactly(const SparsityPattern& pattern, const CombineLimits& limits, double timeLimitSeconds, int pairwiseSectionColumns,
                         const std::atomic<bool>* cancel)
{
    const Clock::time_point start = Clock::now();
    makeSatSolver();  // a missing solver is said before any work
    ColumnGroups best = searchStart(pattern, limits, pairwiseSectionColumns);
    std::string log = "start: " + std::to_string(best.size()) + " groups (pairwise or greedy)\n";
    const SearchBudget search{std::min(1.0, std::max(0.0, timeLimitSeconds) / 10.0), 1};
    best = improvePacking(pattern, limits, std::move(best), search, cancel);
    log += "search: " + std::to_string(best.size()) + " groups, " + seconds(start) + "\n";
    const double left = std::max(0.0, timeLimitSeconds - std::chrono::duration<double>(Clock::now() - start).count());
    ExactPacking out = packExactlyFrom(pattern, limits, std::move(best), left, cancel);
    // The solver's groups are the fewest it found, not the least pruned of their count: the
    // search's last phase moves columns to conflict less (it never adds a group).
    out.groups = improvePacking(pattern, limits, std::move(out.groups), {search.seconds / 4, 1}, cancel);
    if (static_cast<int>(out.groups.size()) < out.bound) throw std::logic_error("the search went below the exact packing's proved bound");
    out.optimal = static_cast<int>(out.groups.size()) == out.bound;
    out.log = log + out.log;
    return out;
}

ExactPacking packExactlyFrom(const SparsityPattern& pattern, const CombineLimits& limits, ColumnGroups best, double timeLimitSeconds,
                             const std::atomic<bool>* cancel)
{
    const Clock::time_point start = Clock::now();
    const Clock::time_point deadline = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::max(0.0, timeLimitSeconds)));
    std::unique_ptr<SatSolver> solver = makeSatSolver();
    if (std::string problem = limitsProblem(pattern, best, limits); !problem.empty())
        throw std::invalid_argument("the exact packing's start is not within the limits: " + problem);

    ExactPacking out;
    const GroupLowerBound bound = groupsLowerBound(pattern, limits.alpha, limits.conflictBudget);
    out.bound = bound.value();
    // With no conflicts allowed, a searched clique is a bound and fixes the first slots.
    const std::vector<int> clique = limits.conflictBudget == 0 ? conflictClique(pattern, kCliqueSearchNodes) : std::vector<int>{};
    out.bound = std::max(out.bound, static_cast<int>(clique.size()));
    out.log += "from " + std::to_string(best.size()) + " groups; bound " + std::to_string(out.bound) + " (capacity " + std::to_string(bound.capacity) +
               ", rows " + std::to_string(bound.rows) + ", clique " + std::to_string(clique.size()) + ")\n";

    std::vector<int> columns;
    for (int c = 0; c < pattern.cols(); ++c)
        if (pattern.columnNnz(c) > 0) columns.push_back(c);
    const int slots = static_cast<int>(best.size()) - 1;
    if (slots >= out.bound && slots >= 1) {
        PackingModel model(pattern, limits, columns, slots, clique);
        std::vector<std::vector<int>> clauses;
        if (!model.build(clauses)) {
            out.log += "model: not built, it would pass " + std::to_string(kMostLiterals) + " literals\n";
        } else {
            // Two solvers on the same model, one on each question: one configured to prove "no
            // packing of `bound` groups" (the bound rises; a packing there is optimal), the other
            // to find one of best - 1 (a better packing; none means the best is optimal). They
            // share what they learn of the bound and the best, and stop when the two meet.
            std::unique_ptr<SatSolver> finder = makeSatSolver();
            solver->configure("unsat");
            finder->configure("sat");
            for (const auto& clause : clauses) {
                solver->addClause(clause);
                finder->addClause(clause);
            }
            out.log += "model: " + std::to_string(model.variables()) + " variables, " + std::to_string(clauses.size()) + " clauses, " +
                       std::to_string(model.literals()) + " literals (" + solver->name() + ", two solvers), " + seconds(start) + "\n";
            clauses = {};
            std::mutex mutex;
            std::atomic<int> lowest{out.bound};
            std::atomic<int> fewest{static_cast<int>(best.size())};
            std::exception_ptr failure;
            const auto stop = [&] {
                return (cancel && cancel->load(std::memory_order_relaxed)) || lowest.load() >= fewest.load() || Clock::now() >= deadline;
            };
            const auto decode = [&](SatSolver& s) {
                std::vector<ColumnGroup> slotsUsed(static_cast<std::size_t>(slots));
                for (std::size_t c = 0; c < columns.size(); ++c)
                    for (int g = 0; g < slots; ++g)
                        if (s.value(model.x(static_cast<int>(c), g))) {
                            slotsUsed[static_cast<std::size_t>(g)].push_back(columns[c]);
                            break;
                        }
                ColumnGroups found;
                for (ColumnGroup& group : slotsUsed)
                    if (!group.empty()) found.push_back(std::move(group));
                if (std::string problem = limitsProblem(pattern, found, limits); !problem.empty())
                    throw std::logic_error("the SAT model's packing breaks the limits: " + problem);
                return found;
            };
            // Asks `s` "at most k groups?" for k from `question` until the two meet or time runs out.
            const auto ask = [&](SatSolver& s, bool raising) {
                try {
                    while (!stop()) {
                        const int k = raising ? lowest.load() : fewest.load() - 1;
                        std::vector<int> assumptions;
                        if (k < slots) assumptions.push_back(-model.enabled(k));
                        const SatAnswer answer = s.solve(assumptions, stop);
                        if (answer == SatAnswer::Stopped) return;
                        const std::lock_guard lock(mutex);
                        const std::string question = "at most " + std::to_string(k) + " groups: ";
                        if (answer == SatAnswer::Unsatisfiable) {
                            if (k + 1 > lowest.load()) lowest = k + 1;
                            out.log += question + "impossible, " + seconds(start) + "\n";
                            continue;
                        }
                        ColumnGroups found = decode(s);
                        out.log += question + "found " + std::to_string(found.size()) + ", " + seconds(start) + "\n";
                        if (found.size() < best.size()) {
                            best = std::move(found);
                            fewest = static_cast<int>(best.size());
                        }
                    }
                } catch (...) {
                    const std::lock_guard lock(mutex);
                    failure = std::current_exception();
                    fewest = 0;  // stops the other
                }
            };
            std::thread finding(ask, std::ref(*finder), false);
            ask(*solver, true);
            finding.join();
            if (failure) std::rethrow_exception(failure);
            out.bound = lowest.load();
            if (out.bound < static_cast<int>(best.size()) && !(cancel && cancel->load())) out.log += "time limit, " + seconds(start) + "\n";
        }
    }
    if (cancel && cancel->load()) throw PackingCancelled();
    if (out.bound > static_cast<int>(best.size()))
        throw std::logic_error("the exact packing proved no packing has fewer than " + std::to_string(out.bound) + " groups, yet holds one of " +
                               std::to_string(best.size()));
    out.optimal = static_cast<int>(best.size()) == out.bound;
    out.log += out.optimal ? "optimal: " + std::to_string(best.size()) + " groups\n"
                           : "best found: " + std::to_string(best.size()) + " groups, bound " + std::to_string(out.bound) + "\n";
    out.groups = std::move(best);
    return out;
}

} // namespace colcomb
