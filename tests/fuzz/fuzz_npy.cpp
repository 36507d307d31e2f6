// Any bytes: parseNpy either throws FileError or returns an array that serializes and parses
// back to itself.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
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

// A fresh array of a random dtype and shape (empty and zero-rank included), written by
// serializeNpy; now and then a byte of its header or data changed.
std::string colcombFuzzMutate(const std::string&, colcomb::SplitMix64& rng)
{
    colcomb::NpyArray a;
    a.dtype = static_cast<colcomb::NpyDtype>(rng.below(9));
    a.shape.resize(static_cast<std::size_t>(rng.below(4)));
    for (std::size_t& d : a.shape) d = static_cast<std::size_t>(rng.below(5));
    a.values.resize(a.count());
    const bool integral = a.dtype != colcomb::NpyDtype::Float32 && a.dtype != colcomb::NpyDtype::Float64 && a.dtype != colcomb::NpyDtype::Float16;
    for (double& v : a.values)
        v = a.dtype == colcomb::NpyDtype::Bool ? rng.below(2) : a.dtype == colcomb::NpyDtype::UInt8 ? rng.below(256) : integral ? rng.below(200) - 100 : rng.normal();
    std::string bytes = colcomb::serializeNpy(a);
    if (rng.below(6) == 0) bytes[static_cast<std::size_t>(rng.below(static_cast<int>(bytes.size())))] = static_cast<char>(rng.below(256));
    return bytes;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::NpyArray a;
    try {
        a = colcomb::parseNpy({reinterpret_cast<const char*>(data), size}, "fuzz.npy");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    COLCOMB_FUZZ_CHECK(a.values.size() == a.count() && a.shape.size() <= 32);
    const colcomb::NpyArray b = colcomb::parseNpy(colcomb::serializeNpy(a), "again.npy");
    COLCOMB_FUZZ_CHECK(b.values == a.values && b.shape == a.shape);
    return 0;
}
