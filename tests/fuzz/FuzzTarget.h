#pragma once
// What a fuzz target offers the driver besides LLVMFuzzerTestOneInput:
// - valid inputs written by the project's own writers, to start from;
// - a mutation that knows the format (a value of the right type, a dimension, a member), so that
//   most mutants still parse and the checks after the parser run on them;
// - a count of the inputs its parser accepted, which the driver reports and holds to a floor.
// Blind byte edits alone would stop almost every input at the parser.
#include "matrix/RandomMatrix.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

std::vector<std::string> colcombFuzzSeeds();
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng);

// The target calls this once its parser has accepted the input.
inline long& colcombFuzzAccepted()
{
    static long accepted = 0;
    return accepted;
}

// Aborts naming the promise that does not hold, so that a crash report says what failed.
[[noreturn]] inline void colcombFuzzFail(const char* promise, const char* file, int line)
{
    std::fprintf(stderr, "%s:%d: fuzz input breaks: %s\n", file, line, promise);
    std::abort();
}
#define COLCOMB_FUZZ_CHECK(promise) ((promise) ? void(0) : colcombFuzzFail(#promise, __FILE__, __LINE__))
