#pragma once
// What a packing buys and costs, before (unpacked, sparse) and after (column-combined, pruned).
// Utilization efficiency = nonzeros / cells occupied: before, nonempty rows x nonzero columns;
// after, nonempty rows x array columns (the groups, times N for N:M's lanes). Tiles are counted
// over the same matrices.
#include "packing/GroupLowerBound.h"
#include "packing/PackedLayer.h"
#include "packing/TileGrid.h"

namespace colcomb {

struct PackingMetrics {
    int rows = 0;
    int cols = 0;
    int nonemptyRows = 0;
    int nonzeroColumns = 0;
    int groups = 0;
    int arrayColumns = 0;   // groups x their lanes: equal to groups but for N:M
    int paddedGroups = 0;   // fixed and N:M: short groups at the end of a channel count not a multiple of M
    int multiplexerWidth = 1;  // the widest group: the cells' multiplexer inputs
    int conflictBudget = 0;
    GroupLowerBound groupsLowerBound;
    long long nnzBefore = 0;
    long long nnzAfter = 0;
    long long pruned = 0;
    double weightKeptFraction = 1.0;  // sum |w| after / sum |w| before
    double utilizationBefore = 0.0;
    double utilizationAfter = 0.0;
    long long tilesBefore = 0;
    long long tilesAfter = 0;
};

PackingMetrics measurePacking(const FilterMatrix& original, const SparsityPattern& pattern, const PackedLayer& packed,
                              int conflictBudget, GroupLowerBound lowerBound, ArrayShape array);

} // namespace colcomb
