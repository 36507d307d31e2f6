#pragma once
// A grouping strategy: partitions the nonzero columns of a filter matrix into column groups of
// at most alpha columns and at most `conflictBudget` conflicts each. All-zero columns are left
// out: they need no cell. Every strategy is deterministic.
#include "matrix/SparsityPattern.h"
#include "packing/CombineMethod.h"
#include "packing/CombiningSteps.h"
#include "packing/Conflicts.h"

#include <memory>

namespace colcomb {

struct CombineLimits {
    int alpha = 8;           // most columns per group (multiplexer width)
    int conflictBudget = 0;  // most conflicts per group
};

class ColumnCombiner {
public:
    virtual ~ColumnCombiner() = default;
    virtual ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const = 0;
    // Receives each decision as it is made (CombiningSteps.h); the result is the same with or
    // without a listener.
    void setStepListener(StepListener listener) { m_listener = std::move(listener); }

protected:
    const StepListener& listener() const { return m_listener; }

private:
    StepListener m_listener;
};

class GreedyCombiner final : public ColumnCombiner {
public:
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;
};

class PairwiseCombiner final : public ColumnCombiner {
public:
    // The released code packs 256 columns at a time to stay tractable; 0 packs all at once.
    explicit PairwiseCombiner(int sectionColumns = 256) : m_sectionColumns(sectionColumns) {}
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;

private:
    int m_sectionColumns;
};

class SingleColumnCombiner final : public ColumnCombiner {
public:
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;
};

// No search: groups of limits.alpha channels at each of the layer's kernel positions
// (ReductionGroups.h), the grouping of `fixed` and of N:M. The conflict budget does not apply:
// pruning then keeps each row's largest weights in every group whatever they cost.
class StructuralCombiner final : public ColumnCombiner {
public:
    explicit StructuralCombiner(int kernelPositions) : m_kernelPositions(kernelPositions) {}
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;

private:
    int m_kernelPositions;
};

// Search and exact (PackingSearch.h, ExactPacking.h) as combiners: the groups only. packLayer calls
// them itself, to keep the exact solve's bound and log and to hear cancellation.
class SearchCombiner final : public ColumnCombiner {
public:
    SearchCombiner(int sectionColumns, double seconds, unsigned seed) : m_sectionColumns(sectionColumns), m_seconds(seconds), m_seed(seed) {}
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;

private:
    int m_sectionColumns;
    double m_seconds;
    unsigned m_seed;
};

class ExactCombiner final : public ColumnCombiner {
public:
    ExactCombiner(int sectionColumns, double seconds) : m_sectionColumns(sectionColumns), m_seconds(seconds) {}
    ColumnGroups combine(const SparsityPattern& pattern, const CombineLimits& limits) const override;

private:
    int m_sectionColumns;
    double m_seconds;
};

// `seconds` and `seed`: search's budget and seed, exact's time limit (0: the default).
std::unique_ptr<ColumnCombiner> makeCombiner(CombineMethod method, int pairwiseSectionColumns = 256, int kernelPositions = 1, double seconds = 0.0,
                                             unsigned seed = 1);

} // namespace colcomb
