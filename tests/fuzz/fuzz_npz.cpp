// Any bytes: parseNpz either throws FileError or returns arrays that serialize and parse back to
// themselves.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/FileError.h"
#include "base/ZipArchive.h"
#include "io/Npz.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    const colcomb::NpyArray w{{2, 3}, {1, 0, -2, 0, 3, 0}, colcomb::NpyDtype::Float32};
    const colcomb::NpyArray s{{}, {7}, colcomb::NpyDtype::Int64};
    return {colcomb::serializeNpz({{"conv.weight", w}, {"bn.num_batches_tracked", s}}),
            colcomb::serializeZip({{"w.npy", colcomb::serializeNpy(w)}}, colcomb::ZipCompression::Store)};
}

// A fresh archive of one to three arrays under names exporters use, stored or deflated; now and
// then a member that is not an array, or a byte changed (which the zip's CRC refuses).
std::string colcombFuzzMutate(const std::string&, colcomb::SplitMix64& rng)
{
    static const char* const names[] = {"conv1.weight", "layer1.0.conv1.weight", "fc.bias", "a/b", "bn.num_batches_tracked", "x"};
    std::vector<colcomb::ZipMember> members;
    for (int m = 1 + rng.below(3); m > 0; --m) {
        colcomb::NpyArray a;
        a.dtype = static_cast<colcomb::NpyDtype>(rng.below(2) == 0 ? 0 : rng.below(9));
        a.shape.resize(static_cast<std::size_t>(rng.below(5)));
        for (std::size_t& d : a.shape) d = static_cast<std::size_t>(1 + rng.below(4));
        a.values.resize(a.count());
        for (double& v : a.values) v = a.dtype == colcomb::NpyDtype::Bool ? rng.below(2) : rng.below(3) == 0 ? 0 : rng.below(100);
        members.push_back({std::string(names[rng.below(6)]) + (rng.below(12) == 0 ? ".txt" : ".npy"), colcomb::serializeNpy(a)});
    }
    std::string bytes = colcomb::serializeZip(members, rng.below(4) != 0 ? colcomb::ZipCompression::Store : colcomb::ZipCompression::Fast);
    if (rng.below(8) == 0) bytes[static_cast<std::size_t>(rng.below(static_cast<int>(bytes.size())))] ^= static_cast<char>(1 << rng.below(8));
    return bytes;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    std::vector<colcomb::NpzEntry> entries;
    try {
        entries = colcomb::parseNpz({reinterpret_cast<const char*>(data), size}, "fuzz.npz");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    const std::vector<colcomb::NpzEntry> again = colcomb::parseNpz(colcomb::serializeNpz(entries, colcomb::ZipCompression::Store), "again.npz");
    COLCOMB_FUZZ_CHECK(again.size() == entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i)
        COLCOMB_FUZZ_CHECK(again[i].key == entries[i].key && again[i].array.values == entries[i].array.values && again[i].array.shape == entries[i].array.shape);
    return 0;
}
