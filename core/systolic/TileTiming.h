#pragma once
// The cycle accounting of one tile (the tiles themselves: packing/TileGrid.h).
//
// Geometry (weight-stationary, the paper's design). Mapped filter i sits on array row i, column
// group g on array column g; each cell keeps its weight and select index. The data of group g's
// input channels (a bus as wide as the group) enter array column g at the top and move down one
// row per cycle; partial sums enter each row at the left edge and move right one cell per cycle;
// a row's result leaves at the right edge of the array after passing every column (cells outside
// the tile pass it on unchanged). Data of column g and partial sums of row i are skewed by g and
// i cycles so that vector t's data and partial sum meet in cell (i, g).
//
// With beat b (1 bit-parallel; dataBits bit-serial, data streamed LSB first, one bit per cycle),
// bit j of vector t reaches cell (i, g) at compute cycle b*t + j + i + g and the partial sum of
// vector t with it at b*t + b - 1 + i + g. For a tile of R' rows and C' groups on an array C
// columns wide, with N vectors:
//   weight load  R' cycles (weights shift down from the top, one row per cycle)
//   fill         min(bN, R' + C' - 2)      new data entering, not every tile cell busy yet
//   steady       max(0, bN - (R' + C' - 2)) every tile cell busy
//   drain        R' + C - 2                 no new data; the last partial sums leave
//   tile total   R' + bN + R' + C - 2
// Tiles run one after another; the layer's cycles are the sum over tiles.
#include "packing/TileGrid.h"
#include "systolic/ArrayConfig.h"
#include "systolic/QuantizedLayer.h"

namespace colcomb {

// The tile grid of a layer on the array.
inline TileGrid tileGridOf(const QuantizedLayer& layer, const ArrayConfig& config) { return TileGrid(layer.rows(), layer.groupCount(), config.shape); }

enum class Phase { WeightLoad, Fill, Steady, Drain, Done };
const char* phaseName(Phase phase);

struct TileTiming {
    long long load = 0;
    long long fill = 0;
    long long steady = 0;
    long long drain = 0;
    long long compute() const { return fill + steady + drain; }
    long long total() const { return load + compute(); }
    Phase phaseAt(long long cycle) const;
};

TileTiming tileTiming(int tileRows, int tileGroups, int arrayCols, long long vectors, int beat);
// Every tile of a matrix of `rows` x `groups` on the array, one after another.
long long layerCycles(int rows, int groups, const ArrayConfig& config, long long vectors);

} // namespace colcomb
