#include "systolic/CostModel.h"

#include "systolic/MxCell.h"

#include <bit>
#include <cmath>

namespace colcomb {

namespace {
long long bitsToBytes(long long bits) { return (bits + 7) / 8; }
} // namespace

CostReport estimateCost(const SimulationResult& sim, const QuantizedLayer& layer, const ArrayConfig& config, const EnergyCosts& costs)
{
    CostReport r;
    r.macPj = static_cast<double>(sim.usefulMacs) * costs.macPj;
    r.muxPj = static_cast<double>(sim.counters.muxSelections) * costs.muxSelectPj;
    const long long registerBits = sim.counters.dataBusBits + sim.counters.psumHops * config.accumulatorBits;
    r.registerPj = static_cast<double>(registerBits) * costs.registerPjPerBit;

    const int cellBits = config.weightBits + multiplexerSelectBits(config.muxWidth);
    long long sramRead = 0;
    long long sramWrite = 0;
    for (const TileReport& t : sim.tiles) {
        long long channels = 0;
        for (int g = 0; g < t.tile.groups; ++g) channels += static_cast<long long>(layer.groups[static_cast<std::size_t>(t.tile.firstGroup + g)].size());
        sramRead += bitsToBytes(static_cast<long long>(t.tile.rows) * t.tile.groups * cellBits);
        sramRead += bitsToBytes(channels * sim.vectors * config.dataBits);
        const long long partials = bitsToBytes(static_cast<long long>(t.tile.rows) * sim.vectors * config.accumulatorBits);
        sramWrite += partials;
        if (t.tile.colBlock > 0) sramRead += partials;
    }
    r.sramBytes = sramRead + sramWrite;
    r.sramPj = static_cast<double>(sramRead) * costs.sramReadPjPerByte + static_cast<double>(sramWrite) * costs.sramWritePjPerByte;
    r.dramBytes = bitsToBytes(static_cast<long long>(layer.rows()) * layer.groupCount() * cellBits)
                  + bitsToBytes(static_cast<long long>(layer.inputChannels) * sim.vectors * config.dataBits)
                  + bitsToBytes(static_cast<long long>(layer.rows()) * sim.vectors * config.dataBits);
    r.dramPj = static_cast<double>(r.dramBytes) * costs.dramPjPerByte;
    r.latencyUs = static_cast<double>(sim.cycles) / config.clockMhz;
    r.areaCells = static_cast<double>(sim.cells) * (1.0 + costs.muxAreaPerInput * (config.muxWidth - 1));
    return r;
}

std::string validateEnergyCosts(const EnergyCosts& c)
{
    for (double v : {c.macPj, c.muxSelectPj, c.registerPjPerBit, c.sramReadPjPerByte, c.sramWritePjPerByte, c.dramPjPerByte, c.muxAreaPerInput})
        if (!std::isfinite(v) || v < 0.0) return "every energy and area value must be a finite number >= 0";
    return {};
}

} // namespace colcomb
