#pragma once
// The grouping strategies a user can choose between.
//
// Two of them fix the groups by the layer's structure instead of searching for them; they are the
// baselines column combining is measured against:
//   nm     N:M structured sparsity along the reduction dimension: groups of M input channels at
//          one kernel position (ReductionGroups.h), each row keeping its N largest weights there.
//          A group takes N array columns (lanes), each cell an M-input multiplexer.
//   fixed  column combining without its search: the same groups, of alpha channels, one lane.
//          It is exactly 1:alpha.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

enum class CombineMethod {
    Greedy,    // the paper's form: densest column first, into the group gaining fewest conflicts
    Pairwise,  // the authors' released code: merge the first admissible pair, fewest empty rows
    None,      // one column per group: the unstructured-pruning baseline
    Fixed,     // groups of alpha channels in the layer's own order, no search
    NM,        // N:M along the reduction dimension
    Search,    // pairwise or greedy, then a search for fewer groups (PackingSearch.h)
    Exact,     // the fewest groups, proved by a SAT solver within a time limit (ExactPacking.h)
};

// Fixed groups and N:M take their groups from the layer's structure: no search, no conflict
// budget (pruning keeps each row's largest weights whatever they cost), no bound on groups.
bool isStructural(CombineMethod method);

// Search and exact take time: a budget of work for search, a time limit for exact (seconds; 0
// means the default, 1 s of work for search and 60 s for exact).
bool takesTime(CombineMethod method);
double effortSeconds(CombineMethod method, double seconds);

std::string methodName(CombineMethod m);
std::optional<CombineMethod> parseMethod(std::string_view name);
std::vector<std::string> methodNames();

// A method with its numbers, as sweeps, training forms and files spell it: "pairwise", "fixed",
// "nm:2:4" ("nm" alone is 2:4), "search", "search:5" (5 s of work), "search:5:7" (seed 7),
// "exact", "exact:120" (a 120 s time limit).
struct MethodChoice {
    CombineMethod method = CombineMethod::Pairwise;
    int n = 2;  // nm only: weights kept per row in each group
    int m = 4;  // nm only: input channels per group
    double seconds = 0.0;  // search and exact: effort (0: the default)
    unsigned seed = 1;     // search only

    bool operator==(const MethodChoice&) const = default;
};
std::optional<MethodChoice> parseMethodChoice(std::string_view text);
std::string methodChoiceName(const MethodChoice& choice);
// Empty when N and M make an N:M pattern (1 <= N < M <= 64), otherwise what is wrong.
std::string nmProblem(int n, int m);
// "pairwise, greedy, none, fixed, nm:N:M, ...": for messages listing what is accepted.
std::string methodChoicesText();

} // namespace colcomb
