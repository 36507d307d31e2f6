#pragma once
// The trace of a layer's run: an iterator over cycles across all its tiles, exposing each cell's
// state (weight, selected channel, data, partial sum in and out, useful work) at the current
// cycle. The array holds one cycle of state, so memory stays bounded however long the run; going
// back replays the current tile from its start.
#include "systolic/SystolicArray.h"

#include <memory>

namespace colcomb {

class LayerTrace {
public:
    // The layer and inputs are shared, not copied; throws std::invalid_argument for a bad config.
    LayerTrace(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config);

    long long cycle() const { return m_cycle; }  // cycles run so far over the whole layer
    long long totalCycles() const { return m_tileStart.back(); }
    bool atEnd() const { return m_cycle >= totalCycles(); }
    // Runs one cycle; false (and nothing happens) at the end.
    bool next();
    void seek(long long cycle);
    // The first cycle of a tile not yet run: weights about to load. (seek(cycle) ends a cycle
    // count that coincides with a tile boundary in the earlier tile, at its last cycle.)
    void startOfTile(int tile);

    int tileIndex() const { return m_tile; }
    int tileCount() const { return static_cast<int>(m_tiles.size()); }
    // The current tile; an all-zero layer has no tiles and reports an empty one.
    Tile tile() const { return m_tiles.empty() ? Tile{} : m_tiles[static_cast<std::size_t>(m_tile)]; }
    long long tileStartCycle(int tile) const { return m_tileStart[static_cast<std::size_t>(tile)]; }
    Phase phase() const { return m_tiles.empty() ? Phase::Done : m_array.phase(); }
    CellState cell(int row, int col) const { return m_array.cell(row, col); }
    const SystolicArray& array() const { return m_array; }
    const QuantizedLayer& layer() const { return *m_layer; }
    const InputBatch& inputs() const { return *m_inputs; }
    const ArrayConfig& config() const { return m_array.config(); }
    // Useful MAC-cycles over cell-cycles, up to the current cycle.
    double utilizationSoFar() const;

private:
    void startTile(int tile);

    std::shared_ptr<const QuantizedLayer> m_layer;
    std::shared_ptr<const InputBatch> m_inputs;
    SystolicArray m_array;
    std::vector<Tile> m_tiles;
    std::vector<long long> m_tileStart;  // cycle each tile starts at; back() = total
    std::vector<long long> m_macsBefore; // useful MACs of the tiles before each tile
    int m_tile = 0;
    long long m_cycle = 0;
    long long m_arrayMacsAtTileStart = 0;
};

} // namespace colcomb
