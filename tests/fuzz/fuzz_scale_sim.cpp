// Any text: parseScaleSimTopology either throws FileError or returns layers with every size in
// range and the filter inside the IFMAP.
#include "FuzzSeeds.h"
#include "base/FileError.h"
#include "io/ScaleSimTopology.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    return {"Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
            "Conv1, 230, 230, 7, 7, 3, 64, 2,\nFC, 1, 1, 1, 1, 512, 10, 1,\n"};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<colcomb::TopologyLayer> layers;
    try {
        layers = colcomb::parseScaleSimTopology({reinterpret_cast<const char*>(data), size}, "fuzz.csv");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    for (const colcomb::TopologyLayer& l : layers)
        if (l.name.empty() || l.filterHeight > l.ifmapHeight || l.filterWidth > l.ifmapWidth || l.stride < 1 || l.outputPositions() < 1) std::abort();
    return 0;
}
