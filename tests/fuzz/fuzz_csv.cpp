// Any text: parseCsvMatrix either throws FileError or returns a matrix that writes and reads
// back to itself.
#include "FuzzSeeds.h"
#include "io/Csv.h"
#include "base/FileError.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds() { return {"1,0,2\n0,-3.5,4e-2\n", "0.25\n", "1, 2 ,3\r\n\n4,5,6\n"}; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::FilterMatrix m;
    try {
        m = colcomb::parseCsvMatrix({reinterpret_cast<const char*>(data), size}, "fuzz.csv");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    if (m.isEmpty() || !(colcomb::parseCsvMatrix(colcomb::serializeCsv(m), "again.csv") == m)) std::abort();
    return 0;
}
