#pragma once
// The array itself, register by register, one clock cycle per step(). Each multiplexed-input
// (MX) cell holds a stationary weight and select index; every cycle it latches the data bus from
// the cell above and the partial sum from the cell to its left, lets its multiplexer pick the
// channel its weight belongs to, and adds the product. Geometry and cycle accounting: TileTiming.h.
//
// State is one cycle deep whatever the run length, so stepping through a long run (the trace)
// needs bounded memory. The register contents of data buses are kept as the stream position
// (vector, bit) they carry: the bus of column g then holds the group's channel values of that
// vector, and the cell's multiplexer reads the one its select index names.
#include "systolic/ArrayConfig.h"
#include "systolic/QuantizedLayer.h"
#include "systolic/TileTiming.h"

#include <cstdint>
#include <vector>

namespace colcomb {

// What one cell did in the last cycle stepped.
struct CellState {
    std::int32_t weight = 0;
    int select = -1;           // original column its multiplexer picks, -1 empty cell
    bool weightLoaded = false; // false while its weight is still being shifted in
    int vector = -1;           // input vector on its data bus, -1 for none
    int bit = 0;               // bit-serial: the data bit on the bus
    std::int32_t data = 0;     // what the multiplexer selected (bit-serial: the bit, 0 or 1)
    int psumVector = -1;       // vector of the partial sum passing through, -1 for none
    std::int64_t psumIn = 0;
    std::int64_t psumOut = 0;
    bool useful = false;       // completed a MAC with one of the layer's weights this cycle
};

struct ArrayCounters {
    long long usefulMacs = 0;
    long long dataBusBits = 0;    // bits moved between cells on data buses
    long long psumHops = 0;       // partial sums moved between cells
    long long muxSelections = 0;  // useful MACs in cells whose multiplexer has a real choice
    long long overflows = 0;      // partial sums that left the accumulator's range (wrapped)
    long long misaligned = 0;     // data and partial sum of different vectors met: a skew bug
    // SRAM accesses by operand, in words, as SCALE-Sim counts them: the data each column reads at
    // the top edge (a multiplexed column every channel of its group, once per vector), the weight
    // cells loaded (the tile's rows x groups, empty cells too), and the results written at the
    // right edge (one per tile row and vector: a row block's partial sums, written per tile).
    long long ifmapReads = 0;
    long long filterReads = 0;
    long long ofmapWrites = 0;
};

class SystolicArray {
public:
    explicit SystolicArray(const ArrayConfig& config);

    // Starts a tile. The layer and inputs must outlive the tile's steps.
    void startTile(const QuantizedLayer& layer, const Tile& tile, const InputBatch& inputs);
    void step();
    // Done when every result of the tile has left the right edge, as counted by the machine,
    // not by the formula: the tests compare the two. A run that misaligns (a bug) stops after
    // twice the expected cycles instead of hanging.
    bool tileDone() const { return !m_layer || (m_cycle >= m_timing.load && m_resultsPending == 0) || m_cycle >= 2 * m_timing.total() + 2; }

    long long cycleInTile() const { return m_cycle; }  // cycles stepped so far in this tile
    const TileTiming& timing() const { return m_timing; }
    Phase phase() const { return m_timing.phaseAt(m_cycle == 0 ? 0 : m_cycle - 1); }
    CellState cell(int row, int col) const;
    // Keep per-cell partial-sum inputs for cell(); costs a little speed, so off by default.
    void setTracing(bool on) { m_tracing = on; }

    // tile rows x vectors, filled in as results leave the right edge.
    const Int64Matrix& tileOutputs() const { return m_outputs; }
    const ArrayCounters& counters() const { return m_counters; }
    const ArrayConfig& config() const { return m_config; }

private:
    template <bool Serial, bool Tracing>
    void computeCycle(long long tau);
    void parallelCycle(long long tau);
    void leaveRightEdge(int r, std::int32_t tag, std::int64_t psum, bool rowInTile);
    void addCycleCounts(const ArrayCounters& n);
    void loadCycle();
    std::int64_t wrap(std::int64_t v);
    // Row-major with one slot in front of each row (c = -1): parallelCycle puts the left edge's
    // injection there, so a cell's left neighbour is always at at(r, c) - 1.
    std::size_t at(int r, int c) const { return static_cast<std::size_t>(r) * static_cast<std::size_t>(m_config.shape.cols + 1) + static_cast<std::size_t>(c + 1); }

    ArrayConfig m_config;
    int m_beat = 1;
    const QuantizedLayer* m_layer = nullptr;
    const InputBatch* m_inputs = nullptr;
    Tile m_tile;
    TileTiming m_timing;
    long long m_cycle = 0;
    bool m_tracing = false;

    // Per cell, laid out by at().
    std::vector<std::int32_t> m_weight;
    std::vector<std::int32_t> m_select;
    std::vector<std::int32_t> m_busWidth;   // per array column: channels on its data bus
    std::vector<std::int32_t> m_busBits;    // ... times the data bits: what the bus carries a cycle (bit-parallel)
    std::vector<std::int32_t> m_stream;     // data register: b*t + j, -1 empty
    std::vector<std::int32_t> m_psumTag;    // partial-sum register: vector, -1 empty
    std::vector<std::int64_t> m_psum;
    std::vector<std::int64_t> m_product;    // bit-serial: product accumulated over the bits so far
    std::vector<std::int64_t> m_psumIn;     // tracing only
    std::vector<std::int32_t> m_topInput;   // what enters each column's top this cycle
    // parallelCycle writes the next cycle's registers here and swaps them in.
    std::vector<std::int32_t> m_nextStream, m_nextPsumTag;
    std::vector<std::int64_t> m_nextPsum;
    int m_loadedRows = 0;                   // weight rows shifted in so far
    long long m_resultsPending = 0;         // tile rows x vectors not yet out
    Int64Matrix m_outputs;
    ArrayCounters m_counters;
};

} // namespace colcomb
