#include "packing/Conflicts.h"

namespace colcomb {

int conflictBudget(double gamma, int rows)
{
    return static_cast<int>(gamma * static_cast<double>(rows));
}

int groupConflicts(const SparsityPattern& pattern, const ColumnGroup& group)
{
    GroupCover cover(pattern.words());
    for (int c : group) cover.add(pattern, c);
    return cover.conflicts;
}

} // namespace colcomb
