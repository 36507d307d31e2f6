#include "systolic/SystolicArray.h"

#include "systolic/ParallelRow.h"

#include <algorithm>
#include <stdexcept>

namespace colcomb {

SystolicArray::SystolicArray(const ArrayConfig& config) : m_config(config), m_beat(config.beat())
{
    if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw std::invalid_argument(problem);
    const std::size_t slots = at(config.shape.rows, -1);
    for (auto* v : {&m_weight, &m_select, &m_stream, &m_psumTag, &m_nextStream, &m_nextPsumTag}) v->assign(slots, 0);
    m_busWidth.assign(static_cast<std::size_t>(config.shape.cols), 0);
    m_busBits.assign(static_cast<std::size_t>(config.shape.cols), 0);
    for (auto* v : {&m_psum, &m_product, &m_psumIn, &m_nextPsum}) v->assign(slots, 0);
    m_topInput.assign(static_cast<std::size_t>(config.shape.cols), -1);
}

void SystolicArray::startTile(const QuantizedLayer& layer, const Tile& tile, const InputBatch& inputs)
{
    if (inputs.cols() != layer.inputChannels)
        throw std::invalid_argument("inputs have " + std::to_string(inputs.cols()) + " channels, the layer expects "
                                    + std::to_string(layer.inputChannels));
    if (tile.rows > m_config.shape.rows || tile.groups > m_config.shape.cols) throw std::invalid_argument("tile larger than the array");
    m_layer = &layer;
    m_inputs = &inputs;
    m_tile = tile;
    m_timing = tileTiming(tile.rows, tile.groups, m_config.shape.cols, inputs.rows(), m_beat);
    m_cycle = 0;
    m_loadedRows = 0;
    std::fill(m_weight.begin(), m_weight.end(), 0);
    std::fill(m_select.begin(), m_select.end(), -1);
    std::fill(m_stream.begin(), m_stream.end(), -1);
    std::fill(m_psumTag.begin(), m_psumTag.end(), -1);
    std::fill(m_psum.begin(), m_psum.end(), 0);
    std::fill(m_product.begin(), m_product.end(), 0);
    std::fill(m_psumIn.begin(), m_psumIn.end(), 0);
    std::fill(m_busWidth.begin(), m_busWidth.end(), 0);
    for (int g = 0; g < tile.groups; ++g)
        m_busWidth[static_cast<std::size_t>(g)] = static_cast<std::int32_t>(layer.groups[static_cast<std::size_t>(tile.firstGroup + g)].size());
    for (std::size_t g = 0; g < m_busWidth.size(); ++g) m_busBits[g] = m_busWidth[g] * m_config.dataBits;
    m_outputs = Int64Matrix::Zero(tile.rows, inputs.rows());
    m_resultsPending = static_cast<long long>(tile.rows) * inputs.rows();
}

void SystolicArray::step()
{
    if (tileDone()) return;
    if (m_cycle < m_timing.load) loadCycle();
    else {
        const long long tau = m_cycle - m_timing.load;
        if (m_beat > 1) m_tracing ? computeCycle<true, true>(tau) : computeCycle<true, false>(tau);
        else if (m_tracing) computeCycle<false, true>(tau);
        else if (m_inputs->size() < (std::int64_t{1} << 31)) parallelCycle(tau);  // 32-bit gather indices
        else computeCycle<false, false>(tau);
    }
    ++m_cycle;
}

// The bit-parallel cycle of computeCycle<false, false>, row by row through parallelRow: the same
// registers, results and counts.
void SystolicArray::parallelCycle(long long tau)
{
    const int cols = m_config.shape.cols;
    const long long vectors = m_inputs->rows();
    long long ifmapReads = 0;
    for (int g = 0; g < cols; ++g) {
        const long long pos = tau - g;
        const bool enters = g < m_tile.groups && pos >= 0 && pos < vectors;
        m_topInput[static_cast<std::size_t>(g)] = enters ? static_cast<std::int32_t>(pos) : -1;
        ifmapReads += enters ? m_busWidth[static_cast<std::size_t>(g)] : 0;
    }
    RowSettings settings;
    settings.cols = cols;
    settings.x = m_inputs->data();
    settings.channels = static_cast<std::int32_t>(m_inputs->cols());
    settings.dataBits = m_config.dataBits;
    settings.accLo = -(std::int64_t{1} << (m_config.accumulatorBits - 1));
    settings.accHi = (std::int64_t{1} << (m_config.accumulatorBits - 1)) - 1;
    RowCounts n;
    for (int r = 0; r < m_config.shape.rows; ++r) {
        const std::size_t base = at(r, 0);
        const bool rowInTile = r < m_tile.rows;
        // Left edge: row r's partial sum for vector t starts at cycle t + r.
        const long long psumStart = tau - r;
        m_psumTag[base - 1] = rowInTile && psumStart >= 0 && psumStart < vectors ? static_cast<std::int32_t>(psumStart) : -1;
        m_psum[base - 1] = 0;
        settings.cellsInTile = rowInTile ? m_tile.groups : 0;
        const RowRegisters row{r > 0 ? &m_stream[at(r - 1, 0)] : m_topInput.data(),
                               &m_psumTag[base - 1],
                               &m_psum[base - 1],
                               &m_weight[base],
                               &m_select[base],
                               m_busBits.data(),
                               &m_nextStream[base],
                               &m_nextPsumTag[base],
                               &m_nextPsum[base]};
        n.outOfRange = false;
        parallelRow(row, settings, n);
        if (n.outOfRange)  // rare: wrap the sums that left the accumulator's range
            for (int g = 0; g < cols; ++g)
                if (std::int64_t& v = m_nextPsum[base + static_cast<std::size_t>(g)]; v < settings.accLo || v > settings.accHi) v = wrap(v);
        const std::size_t last = base + static_cast<std::size_t>(cols - 1);
        leaveRightEdge(r, m_nextPsumTag[last], m_nextPsum[last], rowInTile);
    }
    m_stream.swap(m_nextStream);
    m_psumTag.swap(m_nextPsumTag);
    m_psum.swap(m_nextPsum);
    ArrayCounters counts;
    counts.usefulMacs = n.usefulMacs;
    counts.dataBusBits = n.dataBusBits;
    counts.psumHops = n.psumHops;
    counts.muxSelections = n.muxSelections;
    counts.misaligned = n.misaligned;
    counts.ifmapReads = ifmapReads;
    addCycleCounts(counts);
}

// Right edge: row r's result leaves from its last cell.
void SystolicArray::leaveRightEdge(int r, std::int32_t tag, std::int64_t psum, bool rowInTile)
{
    if (tag >= 0 && rowInTile) {
        m_outputs(r, tag) = psum;
        --m_resultsPending;
        ++m_counters.ofmapWrites;
    }
}

// A cycle's tallies, kept in locals through its loops, added once (overflows count as they wrap).
void SystolicArray::addCycleCounts(const ArrayCounters& n)
{
    m_counters.usefulMacs += n.usefulMacs;
    m_counters.dataBusBits += n.dataBusBits;
    m_counters.psumHops += n.psumHops;
    m_counters.muxSelections += n.muxSelections;
    m_counters.misaligned += n.misaligned;
    m_counters.ifmapReads += n.ifmapReads;
}

// Weights enter at the top, last tile row first, and every loaded row moves down one row a cycle:
// after R' cycles row i holds tile row i.
void SystolicArray::loadCycle()
{
    for (int r = m_tile.rows - 1; r > 0; --r) {
        std::copy_n(&m_weight[at(r - 1, 0)], m_tile.groups, &m_weight[at(r, 0)]);
        std::copy_n(&m_select[at(r - 1, 0)], m_tile.groups, &m_select[at(r, 0)]);
    }
    const int incoming = m_tile.rows - 1 - m_loadedRows;
    for (int g = 0; g < m_tile.groups; ++g) {
        m_weight[at(0, g)] = m_layer->weights(m_tile.firstRow + incoming, m_tile.firstGroup + g);
        m_select[at(0, g)] = m_layer->select(m_tile.firstRow + incoming, m_tile.firstGroup + g);
    }
    m_counters.filterReads += m_tile.groups;
    ++m_loadedRows;
}

// Called only for values outside the accumulator's range.
std::int64_t SystolicArray::wrap(std::int64_t v)
{
    const int bits = m_config.accumulatorBits;
    ++m_counters.overflows;
    const auto shift = 64 - bits;
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(v) << shift) >> shift;  // two's complement wrap
}

template <bool Serial, bool Tracing>
void SystolicArray::computeCycle(long long tau)
{
    const int cols = m_config.shape.cols;
    const long long stream = static_cast<long long>(m_beat) * m_inputs->rows();
    const std::size_t channels = static_cast<std::size_t>(m_inputs->cols());
    const std::int32_t* x = m_inputs->data();
    const int lastBit = m_beat - 1;
    const long long busBits = Serial ? 1 : m_config.dataBits;
    const std::int64_t accLo = -(std::int64_t{1} << (m_config.accumulatorBits - 1));
    const std::int64_t accHi = (std::int64_t{1} << (m_config.accumulatorBits - 1)) - 1;
    // Locals, not members: stores into the state arrays could alias members and force reloads.
    const int beat = m_beat;
    const int tileGroups = m_tile.groups;
    const bool signedData = m_config.signedData;
    // Local tallies: kept in registers through the loop (stores to the state arrays would
    // otherwise force member counters back to memory every cell), added once per cycle.
    ArrayCounters n;

    // Top edge: column g's stream position b*t + j enters at cycle b*t + j + g; a vector's words
    // are read from SRAM as its first bit enters.
    for (int g = 0; g < cols; ++g) {
        const long long pos = tau - g;
        const bool enters = g < m_tile.groups && pos >= 0 && pos < stream;
        m_topInput[static_cast<std::size_t>(g)] = enters ? static_cast<std::int32_t>(pos) : -1;
        n.ifmapReads += enters && pos % beat == 0 ? m_busWidth[static_cast<std::size_t>(g)] : 0;
    }

    // Descending rows and columns: each cell reads its neighbours' registers before they are
    // overwritten this cycle, as clocked registers would.
    for (int r = m_config.shape.rows - 1; r >= 0; --r) {
        const std::size_t base = at(r, 0);
        const std::int32_t* above = r > 0 ? &m_stream[at(r - 1, 0)] : m_topInput.data();
        std::int32_t* streamReg = &m_stream[base];
        std::int32_t* tagReg = &m_psumTag[base];
        std::int64_t* psumReg = &m_psum[base];
        std::int64_t* product = &m_product[base];
        const std::int32_t* weight = &m_weight[base];
        const std::int32_t* select = &m_select[base];
        const std::int32_t* busWidth = m_busWidth.data();
        const bool rowInTile = r < m_tile.rows;
        const int cellsInTile = rowInTile ? tileGroups : 0;  // cells g < this hold tile weights
        // Left edge: row r's partial sum for vector t starts at cycle b*t + b - 1 + r.
        const long long psumStart = tau - lastBit - r;
        const bool inject = rowInTile && psumStart >= 0 && psumStart % m_beat == 0 && psumStart / m_beat < m_inputs->rows();
        const std::int32_t injectedTag = inject ? static_cast<std::int32_t>(psumStart / m_beat) : -1;

        for (int g = cols - 1; g >= 0; --g) {
            const std::int32_t s = above[g];
            streamReg[g] = s;
            const std::int32_t tag = g > 0 ? tagReg[g - 1] : injectedTag;
            std::int64_t psum = g > 0 ? psumReg[g - 1] : 0;
            if constexpr (Tracing) m_psumIn[base + static_cast<std::size_t>(g)] = psum;
            const bool cellInTile = g < cellsInTile;
            if constexpr (Serial) {
                const std::int32_t t = s >= 0 ? s / beat : -1;
                const int bit = s >= 0 ? s % beat : 0;
                const bool last = s >= 0 && bit == lastBit;
                // Partial sums travel only with a vector's last bit.
                n.misaligned += cellInTile && (last ? tag != t : tag >= 0);
                if (s >= 0) {
                    n.dataBusBits += busWidth[g];
                    const int sel = select[g];
                    if (sel >= 0) {
                        const std::uint32_t value = static_cast<std::uint32_t>(x[static_cast<std::size_t>(t) * channels + static_cast<std::size_t>(sel)]);
                        // Two's complement, LSB first: the top bit of signed data weighs -2^(b-1).
                        const std::int64_t place = (signedData && last) ? -(std::int64_t{1} << bit) : (std::int64_t{1} << bit);
                        product[g] += static_cast<std::int64_t>((value >> bit) & 1u) * place * weight[g];
                        if (last) {
                            psum += product[g];
                            product[g] = 0;
                            ++n.usefulMacs;
                            n.muxSelections += busWidth[g] > 1;
                        }
                    }
                }
            } else {
                // Data and partial sum carry the same vector, or both nothing.
                n.misaligned += cellInTile && tag != s;
                // Branch-free: whether a cell holds data and a weight follows the sparsity
                // pattern, which a branch predictor cannot learn.
                const bool hasData = s >= 0;
                const bool mac = hasData && select[g] >= 0;
                const std::size_t index = mac ? static_cast<std::size_t>(s) * channels + static_cast<std::size_t>(select[g]) : 0;
                psum += mac ? static_cast<std::int64_t>(weight[g]) * x[index] : 0;
                n.dataBusBits += hasData ? busWidth[g] * busBits : 0;
                n.usefulMacs += mac;
                n.muxSelections += mac && busWidth[g] > 1;
            }
            if (psum < accLo || psum > accHi) psum = wrap(psum);
            tagReg[g] = tag;
            psumReg[g] = psum;
            n.psumHops += tag >= 0 && g + 1 < cols;
        }
        const std::size_t last = base + static_cast<std::size_t>(cols - 1);
        leaveRightEdge(r, m_psumTag[last], m_psum[last], rowInTile);
    }
    addCycleCounts(n);
}

CellState SystolicArray::cell(int row, int col) const
{
    CellState c;
    const std::size_t i = at(row, col);
    c.weight = m_weight[i];
    c.select = m_select[i];
    c.weightLoaded = m_cycle >= m_timing.load || row < m_loadedRows;
    if (m_cycle <= m_timing.load) return c;  // no data moves while weights load
    const std::int32_t s = m_stream[i];
    c.vector = s >= 0 ? s / m_beat : -1;
    c.bit = s >= 0 ? s % m_beat : 0;
    if (s >= 0 && c.select >= 0) {
        const std::int32_t value = (*m_inputs)(c.vector, c.select);
        c.data = m_beat > 1 ? static_cast<std::int32_t>((static_cast<std::uint32_t>(value) >> c.bit) & 1u) : value;
    }
    c.psumVector = m_psumTag[i];
    c.psumOut = m_psum[i];
    c.psumIn = m_tracing ? m_psumIn[i] : 0;
    c.useful = s >= 0 && c.select >= 0 && c.bit == m_beat - 1;
    return c;
}

} // namespace colcomb
