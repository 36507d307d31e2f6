// Any text: parseScaleSimTopology either throws FileError or returns layers with every size in
// range and the filter inside the IFMAP.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/FileError.h"
#include "io/ScaleSimTopology.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    return {"Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
            "Conv1, 230, 230, 7, 7, 3, 64, 2,\nFC, 1, 1, 1, 1, 512, 10, 1,\n"};
}

// A number of the topology changed, or a fresh layer row appended (its filter sometimes larger than
// its IFMAP, which the parser must refuse).
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    if (rng.below(3) != 0) return colcomb::fuzz::mutateNumberInText(valid, rng);
    const int ifmap = 1 + rng.below(64);
    const int filter = 1 + rng.below(8);
    return valid + "L" + std::to_string(rng.below(100)) + ", " + std::to_string(ifmap) + ", " + std::to_string(ifmap) + ", " + std::to_string(filter) + ", " +
           std::to_string(filter) + ", " + std::to_string(1 + rng.below(64)) + ", " + std::to_string(1 + rng.below(64)) + ", " + std::to_string(1 + rng.below(3)) + ",\n";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<colcomb::TopologyLayer> layers;
    try {
        layers = colcomb::parseScaleSimTopology({reinterpret_cast<const char*>(data), size}, "fuzz.csv");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    for (const colcomb::TopologyLayer& l : layers)
        COLCOMB_FUZZ_CHECK(!l.name.empty() && l.filterHeight <= l.ifmapHeight && l.filterWidth <= l.ifmapWidth && l.stride >= 1 && l.outputPositions() >= 1);
    return 0;
}
