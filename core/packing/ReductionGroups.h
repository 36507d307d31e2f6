#pragma once
// Groups fixed by a layer's structure, the grouping of N:M sparsity and of the `fixed` ablation.
//
// A filter matrix's columns are (input channel, kernel row, kernel column) flattened, so column
// c * positions + p is channel c at kernel position p. A group is `size` consecutive channels at
// one kernel position: {c * positions + p : c in [k * size, (k + 1) * size)}. This is the order
// NVIDIA's ASP (m4n2_1d) and SR-STE group a convolution's weights in; for 1 x 1 convolutions and
// linear layers (positions = 1) it is simply `size` consecutive columns.
//
// When the channel count is not a multiple of `size`, the last group at each kernel position is
// short: it is treated as padded with zero channels, so it keeps min(N, its length) weights per
// row, and it is counted (paddedGroups). Groups without any nonzero are left out: they need no
// array column, as an all-zero column needs none in column combining.
#include "matrix/SparsityPattern.h"
#include "packing/ColumnGroup.h"

#include <string>

namespace colcomb {

// Empty when `columns` splits into `positions` kernel positions and groups of `size`, else why not.
std::string reductionGroupsProblem(int columns, int size, int positions);

// The groups in order of their first column. Throws std::invalid_argument (reductionGroupsProblem).
ColumnGroups reductionGroups(const SparsityPattern& pattern, int size, int positions);

// How many of the layer's groups are short (padded), at every kernel position together.
int paddedGroups(int columns, int size, int positions);

} // namespace colcomb
