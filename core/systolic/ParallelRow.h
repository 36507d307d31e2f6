#pragma once
// One row of bit-parallel MX cells for one clock cycle: the simulator's inner loop
// (SystolicArray::step without tracing). Every register takes what its neighbour held before the
// cycle, so the kernel reads the previous cycle's registers and writes the next cycle's into
// separate buffers, the cells are independent, and eight run at once (AVX2, gathering the inputs
// the select indices pick). The portable loop states the same cell and also runs the cells that
// do not fill a vector.
#include <cstdint>

namespace colcomb {

// One row's registers. `tagLeft` and `psumLeft` are indexed by cell: entry g is what cell g
// latches from its left, i.e. cell g-1's register before the cycle, and entry 0 the left edge's
// injection (one padding slot in front of the row).
struct RowRegisters {
    const std::int32_t* above;     // data registers of the row above (or the top edge) before the cycle
    const std::int32_t* tagLeft;
    const std::int64_t* psumLeft;
    const std::int32_t* weight;
    const std::int32_t* select;    // -1: empty cell
    const std::int32_t* busBits;   // per array column: channels on its data bus x data bits
    std::int32_t* stream;          // after the cycle: data registers (b*t + j, -1 empty) ...
    std::int32_t* tag;             // ... partial-sum tags (vector, -1 empty) ...
    std::int64_t* psum;            // ... and partial sums, not yet wrapped to the accumulator
};

struct RowSettings {
    int cols = 0;
    int cellsInTile = 0;           // cells g < this hold tile weights: misalignment counts there
    const std::int32_t* x = nullptr;  // inputs, vector-major
    std::int32_t channels = 0;
    std::int32_t dataBits = 0;
    std::int64_t accLo = 0, accHi = 0;
};

struct RowCounts {
    long long misaligned = 0, dataBusBits = 0, usefulMacs = 0, muxSelections = 0, psumHops = 0;
    bool outOfRange = false;       // a partial sum left [accLo, accHi]: the caller wraps it
};

void parallelRow(const RowRegisters& row, const RowSettings& s, RowCounts& n);

} // namespace colcomb
