// Any text as a packed-layer file: parsePackedLayerJson either throws FileError or returns a
// packed layer whose select indices lie in their groups.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
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
    // Large enough that most of the file is weights and selects, the values a mutation mostly changes.
    return {colcomb::packingToJson(colcomb::packLayer(colcomb::randomSparseMatrix(6, 9, 0.3, 1), p)).dump(),
            colcomb::packingToJson(colcomb::packLayer(colcomb::randomSparseMatrix(24, 40, 0.3, 2), p)).dump()};
}

// A cell's weight or its select changed the way a packing allows (a nonzero weight, another column
// of the cell's group), or any value of the file (colcomb::fuzz::mutateJson), which the parser's
// consistency checks mostly refuse.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    nlohmann::json j = nlohmann::json::parse(valid, nullptr, false);
    const int kind = rng.below(3);
    if (kind == 2 || j.is_discarded() || !j["select"].is_array() || j["select"].empty() || j["groups"].empty()) return colcomb::fuzz::mutateJson(valid, rng);
    for (int edits = 1 + rng.below(3); edits > 0; --edits) {
        const std::size_t r = static_cast<std::size_t>(rng.below(static_cast<int>(j["select"].size())));
        const std::size_t g = static_cast<std::size_t>(rng.below(static_cast<int>(j["groups"].size())));
        if (!j["select"][r][g].is_number_integer() || j["select"][r][g].get<int>() < 0) continue;
        if (kind == 0) {
            const double w = colcomb::fuzz::nearbyNumber(j["packed_weights"][r][g].get<double>(), rng);
            j["packed_weights"][r][g] = w != 0.0 ? w : 1.0;
        } else {
            const nlohmann::json& group = j["groups"][g];
            j["select"][r][g] = group[static_cast<std::size_t>(rng.below(static_cast<int>(group.size())))];
        }
    }
    return j.dump();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::PackedLayerFile f;
    try {
        f = colcomb::parsePackedLayerJson({reinterpret_cast<const char*>(data), size}, "fuzz-packed.json");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    const colcomb::PackedLayer& p = f.packed;
    for (int r = 0; r < p.rows(); ++r)
        for (int g = 0; g < p.groupCount(); ++g) {
            const int s = p.select()(r, g);
            const colcomb::ColumnGroup& group = p.groups()[static_cast<std::size_t>(g)];
            COLCOMB_FUZZ_CHECK(s < 0 || std::find(group.begin(), group.end(), s) != group.end());
        }
    return 0;
}
