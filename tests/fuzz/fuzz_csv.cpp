// Any text: parseCsvMatrix either throws FileError or returns a matrix that writes and reads
// back to itself.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "io/Csv.h"
#include "base/FileError.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds() { return {"1,0,2\n0,-3.5,4e-2\n", "0.25\n", "1, 2 ,3\r\n\n4,5,6\n"}; }

// Either a fresh matrix of numbers written in the ways people write them (integers, decimals,
// exponents, spaces, CRLF, blank lines), or one number of a valid file changed.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    if (rng.below(2) == 0) return colcomb::fuzz::mutateNumberInText(valid, rng);
    const int rows = 1 + rng.below(6);
    const int cols = 1 + rng.below(6);
    const char* newline = rng.below(4) == 0 ? "\r\n" : "\n";
    std::string out;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            if (c > 0) out += rng.below(3) == 0 ? ", " : ",";
            switch (rng.below(4)) {
            case 0: out += "0"; break;
            case 1: out += std::to_string(rng.below(200) - 100); break;
            case 2: out += std::to_string(rng.normal()); break;
            default: out += std::to_string(rng.below(9) + 1) + "e-" + std::to_string(rng.below(5)); break;
            }
        }
        out += newline;
        if (rng.below(8) == 0) out += newline;
    }
    return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::FilterMatrix m;
    try {
        m = colcomb::parseCsvMatrix({reinterpret_cast<const char*>(data), size}, "fuzz.csv");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    COLCOMB_FUZZ_CHECK(!m.isEmpty() && colcomb::parseCsvMatrix(colcomb::serializeCsv(m), "again.csv") == m);
    return 0;
}
