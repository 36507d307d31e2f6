// Any bytes: parseIdx either throws FileError or returns dimensions whose product is the element
// count.
#include "FuzzSeeds.h"
#include "../support/TestSupport.h"
#include "data/Idx.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    return {colcomb::test::idxBytes({2, 2, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}), colcomb::test::idxBytes({3}, {7, 8, 9}),
            colcomb::test::idxBytes({1, 1}, {255}, 0x09)};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::IdxArray a;
    try {
        a = colcomb::parseIdx({reinterpret_cast<const char*>(data), size}, "fuzz.idx");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    std::size_t count = 1;
    for (std::size_t d : a.dims) count *= d;
    if (a.dims.empty() || count != a.data.size()) std::abort();
    return 0;
}
