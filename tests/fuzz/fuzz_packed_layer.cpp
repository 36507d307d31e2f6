// Any text as a packed-layer file: parsePackedLayerJson either throws FileError or returns a
// packed layer whose select indices lie in their groups.
#include "FuzzSeeds.h"
#include "base/FileError.h"
#include "io/PackedLayerFile.h"
#include "matrix/RandomMatrix.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    colcomb::PackingParams p;
    p.alpha = 3;
    p.array = {4, 4};
    return {colcomb::packingToJson(colcomb::packLayer(colcomb::randomSparseMatrix(6, 9, 0.3, 1), p)).dump()};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::PackedLayerFile f;
    try {
        f = colcomb::parsePackedLayerJson({reinterpret_cast<const char*>(data), size}, "fuzz-packed.json");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    const colcomb::PackedLayer& p = f.packed;
    for (int r = 0; r < p.rows(); ++r)
        for (int g = 0; g < p.groupCount(); ++g) {
            const int s = p.select()(r, g);
            const colcomb::ColumnGroup& group = p.groups()[static_cast<std::size_t>(g)];
            if (s >= 0 && std::find(group.begin(), group.end(), s) == group.end()) std::abort();
        }
    return 0;
}
