#pragma once
// The combining-steps file `colcomb pack --steps FILE` writes: JSON lines, one object per line.
//   {"step": "start", "method", "alpha", "conflict_budget", "rows", "cols", "columns" (the nonzero
//    columns), "section_columns" (pairwise)}
//   {"step": "merge", "index", "section", "group", "partner", "conflicts", "budget", "rows_covered",
//    "rows", "text"}                                             (pairwise, one per merge)
//   {"step": "place", "index", "column", "column_nnz", "density_rank", "group", "opened",
//    "conflicts_added", "group_conflicts", "budget", "refused": [{"group", "reason": "full" |
//    "over_budget", "conflicts"}], "text"}                        (greedy, one per nonzero column)
//   {"step": "prune", "index", "group", "columns", "dropped": [{"row", "column", "weight",
//    "kept_column", "kept_weight"}], "text"}                      (one per group)
//   {"step": "end", "groups"}                                     (the method's result)
// "text" is the step in plain words (describeStep). Replaying the merge or place lines from the
// start line's columns (replayGroups) gives the end line's groups.
#include "packing/CombiningSteps.h"

#include <string>
#include <string_view>

namespace colcomb {

std::string serializeCombiningSteps(const CombiningSteps& steps);
void writeCombiningStepsFile(const std::string& path, const CombiningSteps& steps);  // atomic
// Throws FileError naming the file, the line and the field that is missing or malformed.
CombiningSteps parseCombiningSteps(std::string_view text, const std::string& name);
CombiningSteps readCombiningStepsFile(const std::string& path);

} // namespace colcomb
