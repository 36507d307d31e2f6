#include "packing/CombiningSteps.h"

#include "packing/ColumnCombinePruning.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace colcomb {

namespace {

std::string setText(const ColumnGroup& g)
{
    std::string s = "{";
    for (std::size_t k = 0; k < g.size(); ++k) s += (k ? ", " : "") + std::to_string(g[k]);
    return s + "}";
}

std::string plural(int n, const char* one, const char* many) { return std::to_string(n) + " " + (n == 1 ? one : many); }

std::string describe(const MergeStep& m)
{
    return "group " + setText(m.partner) + " joins group " + setText(m.group) + ": " + plural(m.conflicts, "conflict", "conflicts") + ", budget "
           + std::to_string(m.budget) + "; covers " + std::to_string(m.rowsCovered) + " of " + std::to_string(m.rows) + " rows";
}

std::string describe(const PlaceStep& p)
{
    std::string s = "column " + std::to_string(p.column) + " (" + plural(p.columnNnz, "weight", "weights") + ", density rank "
                    + std::to_string(p.densityRank + 1) + ") ";
    if (p.opened) s += "opens group " + std::to_string(p.group);
    else
        s += "joins group " + std::to_string(p.group) + ": +" + plural(p.conflictsAdded, "conflict", "conflicts") + " (" + std::to_string(p.groupConflicts)
             + " of budget " + std::to_string(p.budget) + ")";
    std::vector<int> full, over;
    for (const RefusedGroup& r : p.refused) (r.reason == Refusal::Full ? full : over).push_back(r.group);
    const auto list = [](const std::vector<int>& groups) {
        std::string t;
        for (std::size_t k = 0; k < groups.size(); ++k) t += (k ? ", " : "") + std::to_string(groups[k]);
        return t;
    };
    if (!full.empty()) s += "; " + std::string(full.size() == 1 ? "group " : "groups ") + list(full) + (full.size() == 1 ? " is" : " are") + " full";
    if (!over.empty()) s += "; " + std::string(over.size() == 1 ? "group " : "groups ") + list(over) + " would exceed the budget";
    return s;
}

std::string describe(const PruneStep& p)
{
    if (p.dropped.empty()) return "group " + std::to_string(p.group) + " " + setText(p.columns) + ": no conflicts, nothing pruned";
    std::ostringstream s;
    s << "group " << p.group << " " << setText(p.columns) << ": prunes " << plural(static_cast<int>(p.dropped.size()), "weight", "weights");
    const DroppedWeight& d = p.dropped.front();
    s << " (row " << d.row << ": keeps " << d.keptWeight << " of column " << d.keptColumn << ", drops " << d.weight << " of column " << d.column
      << (p.dropped.size() > 1 ? ", ..." : "") << ")";
    return s.str();
}

} // namespace

std::vector<PruneStep> pruneSteps(const FilterMatrix& weights, const ColumnGroups& groups)
{
    std::vector<PruneStep> steps;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        PruneStep step{static_cast<int>(g), groups[g], {}};
        for (int r = 0; r < weights.rows(); ++r) {
            const int keep = keptColumn(weights, r, groups[g]);
            for (int c : groups[g])
                if (c != keep && weights(r, c) != 0.0f) step.dropped.push_back({r, c, weights(r, c), keep, weights(r, keep)});
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

ColumnGroups startingGroups(const CombiningSteps& steps)
{
    ColumnGroups groups;
    if (steps.method != CombineMethod::Greedy)
        for (int c : steps.startColumns) groups.push_back({c});
    return groups;
}

void replaySteps(const CombiningSteps& steps, std::size_t from, std::size_t to, ColumnGroups& groups)
{
    const auto groupStartingWith = [&](int column) {
        return std::find_if(groups.begin(), groups.end(), [&](const ColumnGroup& g) { return !g.empty() && g.front() == column; });
    };
    for (std::size_t k = from; k < std::min(to, steps.steps.size()); ++k) {
        if (const auto* m = std::get_if<MergeStep>(&steps.steps[k])) {
            // A pairwise group keeps its first column as it grows: that names it.
            const auto into = groupStartingWith(m->group.front());
            const auto partner = groupStartingWith(m->partner.front());
            if (into == groups.end() || partner == groups.end()) continue;
            into->insert(into->end(), partner->begin(), partner->end());
            groups.erase(partner);
        } else if (const auto* p = std::get_if<PlaceStep>(&steps.steps[k])) {
            if (p->opened) groups.push_back({p->column});
            else if (p->group >= 0 && p->group < static_cast<int>(groups.size())) groups[static_cast<std::size_t>(p->group)].push_back(p->column);
        }
    }
}

ColumnGroups replayGroups(const CombiningSteps& steps, std::size_t count)
{
    ColumnGroups groups = startingGroups(steps);
    replaySteps(steps, 0, count, groups);
    return groups;
}

StepView viewAfterSteps(const FilterMatrix& weights, const CombiningSteps& steps, std::size_t count)
{
    return viewOfGroups(weights, steps, count, replayGroups(steps, count));
}

StepView viewOfGroups(const FilterMatrix& weights, const CombiningSteps& steps, std::size_t count, ColumnGroups groups)
{
    count = std::min(count, steps.steps.size());
    StepView view;
    view.groups = std::move(groups);
    view.pruned = weights;
    for (std::size_t k = 0; k < count; ++k)
        if (const auto* p = std::get_if<PruneStep>(&steps.steps[k]))
            for (const DroppedWeight& d : p->dropped) view.pruned(d.row, d.column) = 0.0f;
    // Each cell shows the weight it will keep: conflicts not yet pruned are resolved as pruning will.
    view.packed = PackedLayer(columnCombinePrune(view.pruned, view.groups), view.groups);

    // The cells where a set of columns collides: rows holding more than one of their weights.
    const auto collisions = [&](const ColumnGroup& columns) {
        for (int r = 0; r < weights.rows(); ++r) {
            int held = 0;
            for (int c : columns) held += weights(r, c) != 0.0f ? 1 : 0;
            if (held > 1)
                for (int c : columns)
                    if (weights(r, c) != 0.0f) view.conflicts.emplace_back(r, c);
        }
    };
    if (count == 0) {
        view.caption = "Start: " + std::to_string(steps.startColumns.size()) + " nonzero columns, alpha " + std::to_string(steps.alpha) + ", conflict budget "
                       + std::to_string(steps.budget) + (steps.method == CombineMethod::Greedy ? "; greedy places the densest column first"
                                                                                               : "; pairwise starts from one group per column");
        return view;
    }
    const CombiningStep& last = steps.steps[count - 1];
    view.caption = "Step " + std::to_string(count) + " of " + std::to_string(steps.steps.size()) + ": " + describeStep(last);
    if (const auto* m = std::get_if<MergeStep>(&last)) {
        view.columns = m->group;
        view.columns.insert(view.columns.end(), m->partner.begin(), m->partner.end());
        collisions(view.columns);
    } else if (const auto* p = std::get_if<PlaceStep>(&last)) {
        view.columns = view.groups[static_cast<std::size_t>(p->group)];
        // Only the new column's collisions are this step's conflicts.
        for (int r = 0; r < weights.rows(); ++r) {
            if (weights(r, p->column) == 0.0f) continue;
            bool shared = false;
            for (int c : view.columns)
                if (c != p->column && weights(r, c) != 0.0f) {
                    view.conflicts.emplace_back(r, c);
                    shared = true;
                }
            if (shared) view.conflicts.emplace_back(r, p->column);
        }
    } else if (const auto* p = std::get_if<PruneStep>(&last)) {
        view.columns = p->columns;
        for (const DroppedWeight& d : p->dropped) view.conflicts.emplace_back(d.row, d.column);
    }
    if (count == steps.steps.size()) view.caption += " - done: " + std::to_string(view.groups.size()) + " groups";
    return view;
}

std::string describeStep(const CombiningStep& step)
{
    return std::visit([](const auto& s) { return describe(s); }, step);
}

} // namespace colcomb
