#include "packing/Conflicts.h"

namespace colcomb {

int groupConflicts(const SparsityPattern& pattern, const ColumnGroup& group)
{
    GroupCover cover(pattern.words());
    for (int c : group) cover.add(pattern, c);
    return cover.conflicts;
}

} // namespace colcomb
