#pragma once
// The grouping strategies a user can choose between.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

enum class CombineMethod {
    Greedy,    // the paper's form: densest column first, into the group gaining fewest conflicts
    Pairwise,  // the authors' released code: merge the first admissible pair, fewest empty rows
    None,      // one column per group: the unstructured-pruning baseline
};

std::string methodName(CombineMethod m);
std::optional<CombineMethod> parseMethod(std::string_view name);
std::vector<std::string> methodNames();

} // namespace colcomb
