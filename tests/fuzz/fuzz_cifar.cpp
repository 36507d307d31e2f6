// Any bytes as a CIFAR-10 batch: FileError, or one label in 0..9 and 3 x 32 x 32 pixels per record.
#include "FuzzSeeds.h"
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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::Dataset d;
    try {
        d = colcomb::parseCifar10Batches({std::string(reinterpret_cast<const char*>(data), size)}, {"fuzz.bin"});
    } catch (const colcomb::FileError&) {
        return 0;
    }
    if (d.size() == 0 || d.images.size() != d.size() * d.imageSize()) std::abort();
    for (int label : d.labels)
        if (label < 0 || label > 9) std::abort();
    return 0;
}
