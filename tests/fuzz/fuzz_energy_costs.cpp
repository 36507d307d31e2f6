// Any text as an energy-costs file: FileError, or costs that write and read back to themselves.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "io/EnergyCostsFile.h"
#include "base/FileError.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds() { return {colcomb::energyCostsToJson({}).dump(), R"({"mac_pj": 0.25, "dram_pj_per_byte": 160})"}; }

std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng) { return colcomb::fuzz::mutateJson(valid, rng); }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::EnergyCosts c;
    try {
        c = colcomb::parseEnergyCosts({reinterpret_cast<const char*>(data), size}, "fuzz-energy.json");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    COLCOMB_FUZZ_CHECK(colcomb::energyCostsToJson(colcomb::parseEnergyCosts(colcomb::energyCostsToJson(c).dump(), "again.json")) == colcomb::energyCostsToJson(c));
    return 0;
}
