#pragma once
// Column combining, decision by decision: what each method decides and why, for teaching (the
// studio's step-through, `colcomb pack --steps`) and for checking that the decisions add up to
// the result. A method reports its steps to a listener while it runs; without one it does no
// extra work.
//
//   Pairwise (the released rule): one MergeStep per merge. The group that stays is the first in
//   current order with an admissible partner; the partner is the admissible group leaving the
//   fewest all-zero rows in the union (the earliest on ties).
//   Greedy (the paper's rule): one PlaceStep per nonzero column, densest first. It joins the open
//   group gaining the fewest conflicts (the earliest on ties) among those with room under alpha
//   and the budget, or opens a new group; the groups it could not join are listed with the reason.
//   Fixed and N:M: no combining decisions, the groups are the layer's structure (ReductionGroups.h).
//   Search and exact: two RegroupSteps, the packing they start from and the one they end with;
//   their moves in between are too many to teach from.
//   Then column-combine pruning, one PruneStep per group: in every row where the group holds more
//   than one weight (more than N for N:M), the largest magnitudes stay and the others are dropped.
//
// Replaying the steps from the starting columns (replayGroups) gives exactly the final groups.
#include "matrix/FilterMatrix.h"
#include "packing/ColumnGroup.h"
#include "packing/CombineMethod.h"
#include "packing/PackedLayer.h"

#include <cmath>
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace colcomb {

struct MergeStep {
    int section = 0;        // pairwise packs in sections of columns; the merge's section
    ColumnGroup group;      // the group that stays, before the merge
    ColumnGroup partner;    // the group merged into it
    int conflicts = 0;      // of the union
    int budget = 0;
    int rowsCovered = 0;    // by the union
    int rows = 0;
};

enum class Refusal { Full, OverBudget };

struct RefusedGroup {
    int group = 0;
    Refusal reason = Refusal::Full;
    int conflicts = 0;  // the group's conflicts had the column joined (OverBudget)
};

struct PlaceStep {
    int column = 0;
    int columnNnz = 0;
    int densityRank = 0;     // 0 = the densest nonzero column
    int group = 0;           // the group joined or opened
    bool opened = false;
    int conflictsAdded = 0;
    int groupConflicts = 0;  // the group's conflicts after joining
    int budget = 0;
    std::vector<RefusedGroup> refused;
};

struct DroppedWeight {
    int row = 0;
    int column = 0;
    float weight = 0.0f;
    int keptColumn = 0;
    float keptWeight = 0.0f;
};

struct PruneStep {
    int group = 0;
    ColumnGroup columns;
    std::vector<DroppedWeight> dropped;
    int lanes = 1;  // weights each row keeps in the group (N for N:M)
};

struct RegroupStep {
    ColumnGroups groups;  // every group after the step
    std::string why;
};

using CombiningStep = std::variant<MergeStep, PlaceStep, PruneStep, RegroupStep>;
using StepListener = std::function<void(const CombiningStep&)>;

// One weight per row of each group: the largest magnitude, the earliest column on ties (-1 for a
// row the group leaves empty). Column-combine pruning and its PruneSteps both ask this. Written
// without branches on the data: random weights made every comparison a coin toss for the
// branch predictor.
inline int keptColumn(const FilterMatrix& weights, int row, const ColumnGroup& group)
{
    int keep = -1;
    float largest = 0.0f;  // a zero is never kept: only a larger magnitude takes over
    for (int c : group) {
        const float magnitude = std::fabs(weights(row, c));
        const bool larger = magnitude > largest;
        keep = larger ? c : keep;
        largest = larger ? magnitude : largest;
    }
    return keep;
}

// With `lanes` array columns per group (N:M): a row keeps its `lanes` largest magnitudes in the
// group, the earlier column on ties (an earlier column in the group's order), zeros never. `kept`
// receives them in the group's column order. lanes 1 keeps what keptColumn keeps.
void keptColumns(const FilterMatrix& weights, int row, const ColumnGroup& group, int lanes, std::vector<int>& kept);

// What pruning does to each group of a packing, in group order. A dropped weight names, as the
// weight it lost to, the smallest one its row keeps in the group.
std::vector<PruneStep> pruneSteps(const FilterMatrix& weights, const ColumnGroups& groups, int lanes = 1);

// A whole packing's steps: where it starts and every decision, as `colcomb pack --steps` writes
// them and the studio plays them.
struct CombiningSteps {
    CombineMethod method = CombineMethod::Pairwise;
    int alpha = 0;
    int budget = 0;
    int rows = 0;
    int cols = 0;
    ColumnGroup startColumns;  // the nonzero columns, in order
    int sectionColumns = 0;    // pairwise only
    std::vector<CombiningStep> steps;
    ColumnGroups groups;       // the final groups, as the method returned them
    int lanes = 1;             // N:M: array columns per group
};

// The groups after the first `count` combining steps (PruneSteps change no group). Pairwise
// starts from one group per starting column, greedy from none (columns not yet placed are in no
// group). With count = all steps this is the method's result.
ColumnGroups replayGroups(const CombiningSteps& steps, std::size_t count);
// Its two halves, for replaying from a kept state: the groups before the first step, and
// `groups` (as they are after `from` steps) carried through the steps from `from` to `to`.
ColumnGroups startingGroups(const CombiningSteps& steps);
void replaySteps(const CombiningSteps& steps, std::size_t from, std::size_t to, ColumnGroups& groups);

// What the packing looks like after the first `count` steps, for stepping through it: the groups
// so far (greedy: the columns placed so far), the weights with only the groups pruned so far
// pruned, those groups packed (each cell the weight pruning will keep), and the last step's
// columns and conflict cells (row, original column) to highlight.
struct StepView {
    ColumnGroups groups;
    FilterMatrix pruned;
    PackedLayer packed;
    std::vector<int> columns;
    std::vector<std::pair<int, int>> conflicts;
    std::string caption;  // the last step in words, or where it starts or ends
};
StepView viewAfterSteps(const FilterMatrix& weights, const CombiningSteps& steps, std::size_t count);
// The same from `groups`, the groups after `count` steps already replayed.
StepView viewOfGroups(const FilterMatrix& weights, const CombiningSteps& steps, std::size_t count, ColumnGroups groups);

// The step in plain words with its numbers, e.g. "group {1, 9} joins group {0, 4}: 2 conflicts,
// budget 6; covers 14 of 16 rows".
std::string describeStep(const CombiningStep& step);

} // namespace colcomb
