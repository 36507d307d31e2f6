// Any text as a combining-steps file: parseCombiningSteps either throws FileError or returns
// steps that replay and describe without failing, however inconsistent they are.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/FileError.h"
#include "io/CombiningStepsFile.h"
#include "matrix/RandomMatrix.h"
#include "packing/Packer.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    std::vector<std::string> seeds;
    for (colcomb::CombineMethod method : {colcomb::CombineMethod::Pairwise, colcomb::CombineMethod::Greedy}) {
        colcomb::PackingParams p;
        p.alpha = 3;
        p.gamma = 0.25;
        p.method = method;
        colcomb::CombiningSteps steps;
        colcomb::packLayer(colcomb::randomSparseMatrix(6, 9, 0.3, 1), p, &steps);
        seeds.push_back(colcomb::serializeCombiningSteps(steps));
    }
    return seeds;
}

// One line of the JSON-lines file gets a value changed (colcomb::fuzz::mutateJson).
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    std::vector<std::string> lines;
    for (std::size_t start = 0; start < valid.size();) {
        const std::size_t end = std::min(valid.find('\n', start), valid.size());
        lines.push_back(valid.substr(start, end - start));
        start = end + 1;
    }
    if (lines.empty()) return colcomb::fuzz::editBytes(valid, rng);
    std::string& line = lines[static_cast<std::size_t>(rng.below(static_cast<int>(lines.size())))];
    line = colcomb::fuzz::mutateJson(line, rng);
    std::string out;
    for (const std::string& l : lines) out += l + "\n";
    return out;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::CombiningSteps steps;
    try {
        steps = colcomb::parseCombiningSteps({reinterpret_cast<const char*>(data), size}, "fuzz-steps.jsonl");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    // Replaying only moves the starting columns or adds the placed one: never more columns.
    std::size_t columns = 0;
    for (const colcomb::ColumnGroup& g : colcomb::replayGroups(steps, steps.steps.size())) columns += g.size();
    COLCOMB_FUZZ_CHECK(columns <= steps.startColumns.size() + steps.steps.size());
    std::size_t chars = 0;
    for (const colcomb::CombiningStep& s : steps.steps) chars += colcomb::describeStep(s).size();
    // Every step's words are nonempty: a step that cannot be described is a bug.
    COLCOMB_FUZZ_CHECK(chars >= steps.steps.size());
    return 0;
}
