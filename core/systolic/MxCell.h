#pragma once
// The multiplexed-input (MX) cell: the column of the array that holds a column group receives the
// data of all the group's input channels (up to alpha of them), and each cell's multiplexer picks
// the one its weight belongs to. The cell stores its weight and that multiplexer select index,
// ceil(log2 alpha) control bits (none for alpha 1: an ordinary cell).
#include <bit>

namespace colcomb {

inline int multiplexerSelectBits(int alpha) { return alpha > 1 ? std::bit_width(static_cast<unsigned>(alpha - 1)) : 0; }

} // namespace colcomb
