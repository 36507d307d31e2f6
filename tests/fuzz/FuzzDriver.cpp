// A bounded, seeded stand-in for libFuzzer when the build has no clang. Three inputs in four are
// the target's own structured mutants of a corpus entry, the fourth has blind byte edits; inputs
// the parser accepted join the corpus. It finds crashes and sanitizer reports, not coverage
// (COLCOMB_BUILD_FUZZERS does the open-ended run), and it fails when fewer than 30% of the inputs
// got past the parser: then the checks after the parser were hardly exercised.
#include "FuzzMutation.h"
#include "FuzzTarget.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    const long iterations = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 10000;
    colcomb::SplitMix64 rng(20190413);
    std::vector<std::string> corpus = colcombFuzzSeeds();
    for (long i = 0; i < iterations; ++i) {
        const std::string& parent = corpus[static_cast<std::size_t>(rng.below(static_cast<int>(corpus.size())))];
        const std::string input = rng.below(4) != 0 ? colcombFuzzMutate(parent, rng) : colcomb::fuzz::editBytes(parent, rng);
        const long acceptedBefore = colcombFuzzAccepted();
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
        if (colcombFuzzAccepted() > acceptedBefore && corpus.size() < 64 && input.size() < 1 << 20 && rng.below(8) == 0) corpus.push_back(input);
    }
    std::printf("accepted %ld of %ld inputs (%.1f%%), no crash\n", colcombFuzzAccepted(), iterations,
                iterations > 0 ? 100.0 * static_cast<double>(colcombFuzzAccepted()) / static_cast<double>(iterations) : 0.0);
    if (colcombFuzzAccepted() * 10 < iterations * 3) {
        std::fprintf(stderr, "fewer than 30%% of the inputs got past the parser: the target's mutation breaks its format\n");
        return 1;
    }
    return 0;
}
