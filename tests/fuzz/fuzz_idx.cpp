// Any bytes: parseIdx either throws FileError or returns dimensions whose product is the element
// count.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "../support/TestSupport.h"
#include "data/Idx.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    return {colcomb::test::idxBytes({2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), colcomb::test::idxBytes({3}, {7, 8, 9}),
            colcomb::test::idxBytes({1, 1}, {255}, 0x09)};
}

// A fresh IDX file with dimensions that match its data, unsigned or signed bytes; now and then a
// dimension off by one.
std::string colcombFuzzMutate(const std::string&, colcomb::SplitMix64& rng)
{
    std::vector<std::uint32_t> dims(static_cast<std::size_t>(1 + rng.below(3)));
    std::size_t count = 1;
    for (std::uint32_t& d : dims) count *= d = static_cast<std::uint32_t>(1 + rng.below(5));
    std::vector<std::uint8_t> data(count);
    for (std::uint8_t& v : data) v = static_cast<std::uint8_t>(rng.below(256));
    if (rng.below(5) == 0) ++dims[static_cast<std::size_t>(rng.below(static_cast<int>(dims.size())))];
    return colcomb::test::idxBytes(dims, data, rng.below(4) == 0 ? 0x09 : 0x08);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::IdxArray a;
    try {
        a = colcomb::parseIdx({reinterpret_cast<const char*>(data), size}, "fuzz.idx");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    std::size_t count = 1;
    for (std::size_t d : a.dims) count *= d;
    COLCOMB_FUZZ_CHECK(!a.dims.empty() && count == a.data.size());
    return 0;
}
