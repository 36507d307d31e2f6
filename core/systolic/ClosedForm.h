#pragma once
// The simulator's numbers without stepping it: cycles, per-tile reports, MACs, multiplexer
// selections, data-bus bits and partial-sum hops, in closed form from the tile geometry of
// TileTiming.h. For a tile of R' rows and C' groups on an R x C array, N vectors, beat b,
// S = bN stream positions and T = S + R' + C - 2 compute cycles:
//   useful MACs     N x (tile cells holding a weight)
//   mux selections  N x (those cells whose group has more than one column)
//   psum hops       R' x N x (C - 1)         every partial sum crosses the row to the right edge
//   data-bus bits   sum over groups g < C' of width(g) x u x sum_{p<S} min(R, T - g - p)
//                   (u = dataBits bit-parallel, 1 bit-serial: stream position p of column g is in
//                   row r at compute cycle p + g + r, until the tile ends at T)
//   SRAM words      ifmap reads N x sum over groups of width(g); filter reads R' x C';
//                   ofmap writes R' x N
// The result is a SimulationResult without outputs (verified stays false): what the cost model
// (CostModel.h) needs, for layers and sweeps too large to step. A property test holds it equal to
// simulateLayer on random layers, arrays and MAC modes; the simulator stays the reference.
#include "systolic/Simulator.h"

namespace colcomb {

SimulationResult closedFormRun(const QuantizedLayer& layer, long long vectors, const ArrayConfig& config);

} // namespace colcomb
