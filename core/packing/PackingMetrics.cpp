#include "packing/PackingMetrics.h"

#include "packing/Utilization.h"

#include <algorithm>

namespace colcomb {

PackingMetrics measurePacking(const FilterMatrix& original, const SparsityPattern& pattern, const PackedLayer& packed,
                              int conflictBudget, GroupLowerBound lowerBound, ArrayShape array)
{
    PackingMetrics m;
    m.rows = original.rows();
    m.cols = original.cols();
    // Counts come from the bit pattern: the matrix is row-major, per-column scans of it are slow.
    for (int r = 0; r < pattern.rows(); ++r) m.nonemptyRows += pattern.rowNnz(r) > 0 ? 1 : 0;
    for (int c = 0; c < pattern.cols(); ++c) {
        m.nonzeroColumns += pattern.columnNnz(c) > 0 ? 1 : 0;
        m.nnzBefore += pattern.columnNnz(c);
    }
    m.groups = packed.groupCount();
    m.arrayColumns = packed.columns();
    for (const ColumnGroup& g : packed.groups()) m.multiplexerWidth = std::max(m.multiplexerWidth, static_cast<int>(g.size()));
    m.conflictBudget = conflictBudget;
    m.groupsLowerBound = lowerBound;
    m.nnzAfter = packed.nnz();
    m.pruned = m.nnzBefore - m.nnzAfter;
    const double absBefore = original.absSum();
    m.weightKeptFraction = absBefore > 0.0 ? absSum(packed.weights()) / absBefore : 1.0;
    m.utilizationBefore = utilizationEfficiency(static_cast<double>(m.nnzBefore), static_cast<double>(m.nonemptyRows) * m.nonzeroColumns);
    m.utilizationAfter = utilizationEfficiency(static_cast<double>(m.nnzAfter), static_cast<double>(m.nonemptyRows) * m.arrayColumns);
    m.tilesBefore = tileCount(m.nonemptyRows, m.nonzeroColumns, array);
    m.tilesAfter = tileCount(m.nonemptyRows, m.arrayColumns, array);
    return m;
}

} // namespace colcomb
