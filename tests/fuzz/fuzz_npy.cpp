// Any bytes: parseNpy either throws FileError or returns an array that serializes and parses
// back to itself.
#include "FuzzSeeds.h"
#include "base/FileError.h"
#include "base/Npy.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    std::vector<std::string> seeds;
    for (auto dtype : {colcomb::NpyDtype::Float32, colcomb::NpyDtype::Float64, colcomb::NpyDtype::Int8, colcomb::NpyDtype::Int16,
                       colcomb::NpyDtype::Int32, colcomb::NpyDtype::Int64, colcomb::NpyDtype::UInt8, colcomb::NpyDtype::Bool,
                       colcomb::NpyDtype::Float16}) {
        colcomb::NpyArray a;
        a.dtype = dtype;
        a.shape = {2, 1, 1, 3};
        a.values = {1, 0, -2, 3, 0, 4};
        seeds.push_back(colcomb::serializeNpy(a));
    }
    return seeds;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::NpyArray a;
    try {
        a = colcomb::parseNpy({reinterpret_cast<const char*>(data), size}, "fuzz.npy");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    if (a.values.size() != a.count() || a.shape.size() > 32) std::abort();
    const colcomb::NpyArray b = colcomb::parseNpy(colcomb::serializeNpy(a), "again.npy");
    if (b.values != a.values || b.shape != a.shape) std::abort();
    return 0;
}
