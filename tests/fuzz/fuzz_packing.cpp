// Bytes become a small layer and packing parameters; every packing invariant must hold.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "packing/Packer.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    // A sparse 9 x 21 layer and a denser 20 x 40 one.
    std::string sparse = {8, 20, 4, 2, 1};
    for (int i = 0; i < 189; ++i) sparse.push_back(static_cast<char>(i % 7 == 0 ? (i * 37) % 255 : 0));
    std::string dense = {19, 39, 7, 5, 0};
    for (int i = 0; i < 800; ++i) dense.push_back(static_cast<char>(i % 3 == 0 ? (i * 53) % 255 : 0));
    return {sparse, dense};
}

// Every input of five bytes or more is a layer: change its parameters and values, keep its length.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    std::string out = valid.size() >= 5 ? valid : std::string(5, '\x03');
    for (int e = 1 + rng.below(8); e > 0; --e) out[static_cast<std::size_t>(rng.below(static_cast<int>(out.size())))] = static_cast<char>(rng.below(256));
    return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace colcomb;
    if (size < 5) return 0;
    ++colcombFuzzAccepted();
    const int rows = 1 + data[0] % 24;
    const int cols = 1 + data[1] % 48;
    PackingParams params;
    params.alpha = 1 + data[2] % 12;
    params.gamma = (data[3] % 9) / 4.0;
    params.method = static_cast<CombineMethod>(data[4] % 3);
    params.pairwiseSectionColumns = data[4] % 2 ? 16 : 0;
    FilterMatrix w(rows, cols);
    for (std::size_t i = 5; i < size && i - 5 < static_cast<std::size_t>(rows * cols); ++i)
        w((static_cast<int>(i) - 5) / cols, (static_cast<int>(i) - 5) % cols) = static_cast<float>(static_cast<std::int8_t>(data[i])) / 16.0f;

    const PackingResult r = packLayer(w, params);
    const SparsityPattern pattern(w);
    const int budget = conflictBudget(params.gamma, rows);
    std::vector<int> seen(static_cast<std::size_t>(cols), 0);
    for (const ColumnGroup& g : r.packed.groups()) {
        COLCOMB_FUZZ_CHECK(!g.empty() && static_cast<int>(g.size()) <= params.alpha && groupConflicts(pattern, g) <= budget);
        for (int c : g) ++seen[static_cast<std::size_t>(c)];
        for (int row = 0; row < rows; ++row) {
            int kept = 0;
            float largest = 0.0f;
            for (int c : g) largest = std::max(largest, std::fabs(w(row, c)));
            for (int c : g) kept += r.pruned(row, c) != 0.0f ? 1 : 0;
            COLCOMB_FUZZ_CHECK(kept == (largest > 0.0f ? 1 : 0));
        }
    }
    for (int c = 0; c < cols; ++c)
        COLCOMB_FUZZ_CHECK(seen[static_cast<std::size_t>(c)] == (w.columnNnz(c) > 0 ? 1 : 0));
    COLCOMB_FUZZ_CHECK(r.packed.expand() == r.pruned && r.metrics.groupsLowerBound.value() <= r.metrics.groups);
    return 0;
}
