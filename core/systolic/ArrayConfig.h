#pragma once
// The systolic array being simulated: its size in cells, the word widths, the MAC style, the
// clock, and the multiplexer width of its cells (alpha).
#include "packing/TileGrid.h"

#include <string>

namespace colcomb {

enum class MacMode {
    BitParallel,  // a MAC per cell per cycle
    BitSerial,    // data streamed a bit per cycle: one MAC spans dataBits cycles
};

// "bit-parallel" or "bit-serial": how workspaces, sweeps and the CLI write a MAC mode.
inline const char* macModeName(MacMode mac) { return mac == MacMode::BitSerial ? "bit-serial" : "bit-parallel"; }

struct ArrayConfig {
    ArrayShape shape;
    int dataBits = 8;
    int weightBits = 8;
    int accumulatorBits = 32;
    bool signedData = false;  // activations after ReLU are unsigned; the first layer's may not be
    MacMode mac = MacMode::BitParallel;
    double clockMhz = 200.0;
    int muxWidth = 8;  // alpha: inputs each cell's multiplexer selects among

    // Cycles one vector occupies a cell: 1 bit-parallel, dataBits bit-serial.
    int beat() const { return mac == MacMode::BitSerial ? dataBits : 1; }
};

// Empty when usable, otherwise a message naming the bad setting.
std::string validateArrayConfig(const ArrayConfig& config);

} // namespace colcomb
