#pragma once
// Energy, latency and area of a simulated layer, from counted events and per-event energies.
//
// Defaults are 45 nm figures from M. Horowitz, "Computing's energy problem (and what we can do
// about it)", ISSCC 2014: 8-bit integer multiply 0.2 pJ and 32-bit add 0.1 pJ (so one MAC
// 0.3 pJ); 64-bit read from a 32 KB SRAM 20 pJ (2.5 pJ per byte); 64-bit DRAM access 1.3-2.6 nJ
// (we take 2 nJ: 250 pJ per byte). The multiplexer and register-hop energies are our own
// estimates on the same scale (a flip-flop bit ~ an 8-bit add / 8), marked as such; every value
// is editable.
#include "systolic/Simulator.h"

#include <string>

namespace colcomb {

struct EnergyCosts {
    double macPj = 0.3;                 // Horowitz 2014: 8-bit mult 0.2 + 32-bit add 0.1
    double muxSelectPj = 0.01;          // estimate: one alpha-to-1 selection of an 8-bit value
    double registerPjPerBit = 0.004;    // estimate: one flip-flop bit moved between cells
    double sramReadPjPerByte = 2.5;     // Horowitz 2014: 32 KB SRAM, 20 pJ per 64 bits
    double sramWritePjPerByte = 2.5;    // taken equal to a read
    double dramPjPerByte = 250.0;       // Horowitz 2014: 1.3-2.6 nJ per 64 bits, 2 nJ taken
    double muxAreaPerInput = 0.04;      // estimate: area of one more multiplexer input, in MAC cells
};

struct CostReport {
    double macPj = 0.0;
    double muxPj = 0.0;
    double registerPj = 0.0;
    double sramPj = 0.0;
    double dramPj = 0.0;
    double energyPj() const { return macPj + muxPj + registerPj + sramPj + dramPj; }
    double latencyUs = 0.0;
    long long sramBytes = 0;
    long long dramBytes = 0;
    double areaCells = 0.0;             // MAC-cell equivalents, multiplexers included
};

// Traffic: each tile reads its weights and select indices and the data of its groups' channels
// from SRAM and writes its rows' partial sums (reading them back for the next tile of the row
// block); DRAM holds the layer's weights, inputs and outputs once.
CostReport estimateCost(const SimulationResult& sim, const QuantizedLayer& layer, const ArrayConfig& config,
                        const EnergyCosts& costs = {});

// Empty when usable, otherwise the name of the bad value.
std::string validateEnergyCosts(const EnergyCosts& costs);

} // namespace colcomb
