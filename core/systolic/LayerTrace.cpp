#include "systolic/LayerTrace.h"

#include <algorithm>

namespace colcomb {

LayerTrace::LayerTrace(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config)
    : m_layer(std::move(layer)), m_inputs(std::move(inputs)), m_array(config), m_tiles(tileGridOf(*m_layer, config).tiles())
{
    if (m_inputs->rows() < 1) throw std::invalid_argument("at least one input vector is needed");
    if (m_inputs->cols() != m_layer->inputChannels) throw std::invalid_argument("inputs do not match the layer's input channels");
    m_array.setTracing(true);
    m_tileStart.assign(1, 0);
    m_macsBefore.assign(1, 0);
    for (const Tile& t : m_tiles) {
        m_tileStart.push_back(m_tileStart.back() + tileTiming(t.rows, t.groups, config.shape.cols, m_inputs->rows(), config.beat()).total());
        const auto cells = m_layer->select.block(t.firstRow, t.firstGroup, t.rows, t.groups);
        m_macsBefore.push_back(m_macsBefore.back() + (cells.array() >= 0).count() * m_inputs->rows());
    }
    startTile(0);
}

void LayerTrace::startTile(int tile)
{
    m_tile = tile;
    m_cycle = m_tileStart[static_cast<std::size_t>(tile)];
    if (!m_tiles.empty()) m_array.startTile(*m_layer, m_tiles[static_cast<std::size_t>(tile)], *m_inputs);
    m_arrayMacsAtTileStart = m_array.counters().usefulMacs;
}

bool LayerTrace::next()
{
    if (atEnd()) return false;
    if (m_cycle >= m_tileStart[static_cast<std::size_t>(m_tile) + 1]) startTile(m_tile + 1);
    m_array.step();
    ++m_cycle;
    return true;
}

void LayerTrace::seek(long long target)
{
    target = std::clamp(target, 0LL, totalCycles());
    // The tile whose cycles include the target's last one.
    int tile = 0;
    while (tile + 1 < tileCount() && target > m_tileStart[static_cast<std::size_t>(tile) + 1]) ++tile;
    if (tile != m_tile || target < m_cycle) startTile(tile);
    while (m_cycle < target) next();
}

void LayerTrace::startOfTile(int tile)
{
    if (tile >= 0 && tile < tileCount()) startTile(tile);
}

double LayerTrace::utilizationSoFar() const
{
    if (m_cycle == 0) return 0.0;
    const long long macs = m_macsBefore[static_cast<std::size_t>(m_tile)] + m_array.counters().usefulMacs - m_arrayMacsAtTileStart;
    const double cells = static_cast<double>(config().shape.rows) * config().shape.cols;
    return static_cast<double>(macs) * config().beat() / (cells * static_cast<double>(m_cycle));
}

} // namespace colcomb
