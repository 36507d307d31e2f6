#pragma once
// Latency of one sample through a whole network, two ways:
//  - shared: one array runs every layer in turn, each as its tiles in sequence (weights reload
//    for every tile); the sample waits for each layer to finish before the next starts.
//  - pipelined (the paper's FPGA design): every layer has its own array sized to it, weights
//    stay loaded, and a layer starts on a vector as soon as the previous layer has produced the
//    inputs that vector needs, so layers overlap.
// Pipelined timing, per layer with R rows, C groups and beat b: vector t enters at
//   E(t) = max(E(t-1) + b, ready_prev(min(N_prev - 1, ratio*t + lookahead)) + 1)
// and its last result is out at ready(t) = E(t) + b + R + C - 3 (TileTiming.h's geometry); the first
// layer's inputs are all available at cycle 0.
#include "systolic/ArrayConfig.h"

#include <vector>

namespace colcomb {

struct NetworkLayer {
    int rows = 0;          // mapped filters
    int groups = 0;        // array columns (packed groups)
    long long vectors = 0; // output positions of this layer per sample
    // Input positions of the previous layer per output position (4 after a stride-2 layer).
    int ratio = 1;
    // Extra input vectors needed before an output vector can be computed (a shift by one row
    // of a W-wide feature map needs W + 1).
    int lookahead = 0;
};

struct NetworkLatency {
    std::vector<long long> sharedLayerCycles;
    long long sharedCycles = 0;
    long long pipelinedCycles = 0;
    long long pipelinedCells = 0;  // cells of all per-layer arrays together
    double sharedUs = 0.0;
    double pipelinedUs = 0.0;
};

// `shared` gives the shared array's size, and for both designs the beat and the clock.
NetworkLatency networkLatency(const std::vector<NetworkLayer>& layers, const ArrayConfig& shared);

} // namespace colcomb
