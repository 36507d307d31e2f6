#include "packing/PackingMetrics.h"

namespace colcomb {

namespace {
double ratio(double num, double den) { return den > 0.0 ? num / den : 0.0; }
} // namespace

PackingMetrics measurePacking(const FilterMatrix& original, const PackedLayer& packed, int conflictBudget,
                              GroupLowerBound lowerBound, ArrayShape array)
{
    PackingMetrics m;
    m.rows = original.rows();
    m.cols = original.cols();
    m.nonemptyRows = original.nonemptyRowCount();
    m.nonzeroColumns = static_cast<int>(original.nonzeroColumns().size());
    m.groups = packed.groupCount();
    m.conflictBudget = conflictBudget;
    m.groupsLowerBound = lowerBound;
    m.nnzBefore = original.nnz();
    m.nnzAfter = packed.nnz();
    m.pruned = m.nnzBefore - m.nnzAfter;
    const double absBefore = original.absSum();
    m.weightKeptFraction = absBefore > 0.0 ? packed.weights().cast<double>().cwiseAbs().sum() / absBefore : 1.0;
    m.utilizationBefore = ratio(static_cast<double>(m.nnzBefore), static_cast<double>(m.nonemptyRows) * m.nonzeroColumns);
    m.utilizationAfter = ratio(static_cast<double>(m.nnzAfter), static_cast<double>(m.nonemptyRows) * m.groups);
    m.tilesBefore = tileCount(m.nonemptyRows, m.nonzeroColumns, array);
    m.tilesAfter = tileCount(m.nonemptyRows, m.groups, array);
    return m;
}

} // namespace colcomb
