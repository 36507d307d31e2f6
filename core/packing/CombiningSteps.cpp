#include "packing/CombiningSteps.h"

#include "packing/ColumnCombinePruning.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
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

std::string describe(const RegroupStep& r) { return r.why; }

std::string describe(const PruneStep& p)
{
    // N:M says its rule: it is what sets its groups apart from column combining's.
    const std::string rule = p.lanes > 1 ? "each row keeps its " + std::to_string(p.lanes) + " largest of " + std::to_string(p.columns.size()) + "; " : "";
    if (p.dropped.empty()) return "group " + std::to_string(p.group) + " " + setText(p.columns) + ": " + rule + (p.lanes > 1 ? "nothing pruned" : "no conflicts, nothing pruned");
    std::ostringstream s;
    s << "group " << p.group << " " << setText(p.columns) << ": " << rule << "prunes " << plural(static_cast<int>(p.dropped.size()), "weight", "weights");
    const DroppedWeight& d = p.dropped.front();
    s << " (row " << d.row << ": keeps " << d.keptWeight << " of column " << d.keptColumn << ", drops " << d.weight << " of column " << d.column
      << (p.dropped.size() > 1 ? ", ..." : "") << ")";
    return s.str();
}

} // namespace

void keptColumns(const FilterMatrix& weights, int row, const ColumnGroup& group, int lanes, std::vector<int>& kept)
{
    kept.clear();
    if (lanes <= 1) {
        if (const int c = keptColumn(weights, row, group); c >= 0) kept.push_back(c);
        return;
    }
    // N passes, each taking the largest magnitude not yet taken (the earliest on ties; zeros
    // never): O(N x M) with no allocation, which is what lets an N:M mask of a 512 x 512 layer
    // take a fraction of a millisecond. Groups wider than 64 (only from elsewhere) take a bit set.
    std::vector<bool> wide;
    std::uint64_t taken = 0;
    if (group.size() > 64) wide.assign(group.size(), false);
    const auto isTaken = [&](std::size_t k) { return group.size() > 64 ? static_cast<bool>(wide[k]) : ((taken >> k) & 1u) != 0; };
    for (int pass = 0; pass < lanes; ++pass) {
        std::size_t best = group.size();
        float largest = 0.0f;
        for (std::size_t k = 0; k < group.size(); ++k) {
            const float magnitude = std::fabs(weights(row, group[k]));
            if (magnitude > largest && !isTaken(k)) {
                best = k;
                largest = magnitude;
            }
        }
        if (best == group.size()) break;
        if (group.size() > 64) wide[best] = true;
        else taken |= std::uint64_t{1} << best;
    }
    for (std::size_t k = 0; k < group.size(); ++k)
        if (isTaken(k)) kept.push_back(group[k]);
}

std::vector<PruneStep> pruneSteps(const FilterMatrix& weights, const ColumnGroups& groups, int lanes)
{
    std::vector<PruneStep> steps;
    std::vector<int> kept;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        PruneStep step{static_cast<int>(g), groups[g], {}, std::max(lanes, 1)};
        for (int r = 0; r < weights.rows(); ++r) {
            keptColumns(weights, r, groups[g], lanes, kept);
            int weakest = kept.empty() ? -1 : kept.front();
            for (int c : kept)
                if (std::fabs(weights(r, c)) < std::fabs(weights(r, weakest))) weakest = c;
            for (int c : groups[g])
                if (std::find(kept.begin(), kept.end(), c) == kept.end() && weights(r, c) != 0.0f)
                    step.dropped.push_back({r, c, weights(r, c), weakest, weights(r, weakest)});
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

ColumnGroups startingGroups(const CombiningSteps& steps)
{
    // Fixed groups and N:M decide nothing: they start where they end.
    if (isStructural(steps.method)) return steps.groups;
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
        } else if (const auto* r = std::get_if<RegroupStep>(&steps.steps[k])) {
            groups = r->groups;
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
    view.packed = PackedLayer(columnCombinePrune(view.pruned, view.groups, steps.lanes), view.groups, steps.lanes);

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
    if (count == 0 && isStructural(steps.method)) {
        view.caption = "Start: " + std::to_string(steps.groups.size()) + " groups of " + std::to_string(steps.alpha)
                       + " input channels fixed by the layer's structure, no search; each row will keep its "
                       + (steps.lanes > 1 ? std::to_string(steps.lanes) + " largest weights" : std::string("largest weight")) + " in every group";
        return view;
    }
    if (count == 0) {
        view.caption = "Start: " + std::to_string(steps.startColumns.size()) + " nonzero columns, alpha " + std::to_string(steps.alpha) + ", conflict budget "
                       + std::to_string(steps.budget) + (steps.method == CombineMethod::Greedy   ? "; greedy places the densest column first"
                                                         : steps.method == CombineMethod::Pairwise ? "; pairwise starts from one group per column"
                                                                                                   : "; " + methodName(steps.method) + " starts from the better of pairwise and greedy");
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
