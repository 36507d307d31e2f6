// A bounded, seeded stand-in for libFuzzer when the build has no clang: mutate the target's
// seeds (bit flips, byte edits, inserts, deletes, truncations, splices) for N inputs. It finds
// crashes and sanitizer reports, not coverage; COLCOMB_BUILD_FUZZERS does the open-ended run.
#include "FuzzSeeds.h"
#include "matrix/RandomMatrix.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    const long iterations = argc > 1 ? std::strtol(argv[1], nullptr, 10) : 10000;
    colcomb::SplitMix64 rng(20190413);
    std::vector<std::string> corpus = colcombFuzzSeeds();
    corpus.emplace_back();
    for (long i = 0; i < iterations; ++i) {
        std::string input = corpus[static_cast<std::size_t>(rng.below(static_cast<int>(corpus.size())))];
        const int edits = 1 + rng.below(4);
        for (int e = 0; e < edits; ++e) {
            const int n = static_cast<int>(input.size());
            switch (rng.below(6)) {
            case 0: if (n) input[static_cast<std::size_t>(rng.below(n))] ^= static_cast<char>(1 << rng.below(8)); break;
            case 1: if (n) input[static_cast<std::size_t>(rng.below(n))] = static_cast<char>(rng.below(256)); break;
            case 2: input.insert(input.begin() + rng.below(n + 1), static_cast<char>(rng.below(256))); break;
            case 3: if (n) input.erase(input.begin() + rng.below(n)); break;
            case 4: input.resize(static_cast<std::size_t>(rng.below(n + 1))); break;
            case 5: {
                const std::string& other = corpus[static_cast<std::size_t>(rng.below(static_cast<int>(corpus.size())))];
                if (!other.empty()) input.insert(static_cast<std::size_t>(rng.below(n + 1)), other.substr(static_cast<std::size_t>(rng.below(static_cast<int>(other.size())))));
                break;
            }
            }
        }
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
        if (corpus.size() < 64 && rng.below(8) == 0) corpus.push_back(input);
    }
    std::printf("%ld inputs, no crash\n", iterations);
    return 0;
}
