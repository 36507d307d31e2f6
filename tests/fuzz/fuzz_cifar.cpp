// Any bytes as a CIFAR-10 batch: FileError, or one label in 0..9 and 3 x 32 x 32 pixels per record.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "data/Dataset.h"
#include "base/FileError.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    std::string record(1 + 3 * 32 * 32, '\x40');
    record[0] = 3;
    return {record, record + record};
}

// Records kept whole: labels and pixels change (a label past 9 now and then), records are added or
// dropped.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    constexpr std::size_t record = 1 + 3 * 32 * 32;
    std::string out = valid.size() >= record ? valid.substr(0, valid.size() / record * record) : std::string(record, '\x10');
    if (rng.below(3) == 0) {
        if (out.size() >= 2 * record && rng.below(2) == 0) out.resize(out.size() - record);
        else out += out.substr(0, record);
    }
    for (int e = 1 + rng.below(8); e > 0; --e) {
        const std::size_t at = static_cast<std::size_t>(rng.below(static_cast<int>(out.size())));
        out[at] = static_cast<char>(at % record == 0 ? rng.below(11) : rng.below(256));
    }
    return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::Dataset d;
    try {
        d = colcomb::parseCifar10Batches({std::string(reinterpret_cast<const char*>(data), size)}, {"fuzz.bin"});
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    COLCOMB_FUZZ_CHECK(d.size() > 0 && d.images.size() == d.size() * d.imageSize());
    for (int label : d.labels)
        COLCOMB_FUZZ_CHECK(label >= 0 && label <= 9);
    return 0;
}
