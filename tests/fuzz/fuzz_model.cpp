// Any text as a model file: parseModel either throws FileError or returns a network whose filter
// layers and trained groups agree.
#include "FuzzSeeds.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "nn/JointOptimizer.h"
#include "nn/ModelFile.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>

std::vector<std::string> colcombFuzzSeeds()
{
    colcomb::Network net = colcomb::Network::fromSpec(
        {{"input", {1, 4, 4}}, {"classes", 3}, {"widths", {4, 8}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 4}}}, 1);
    colcomb::TrainingState state;
    state.groups = colcomb::pruneAndCombine(net, 0.8, {});
    const std::string path = (std::filesystem::temp_directory_path() / "colcomb-fuzz-model.json").string();
    colcomb::saveModel(path, net, state, {});
    std::string text = colcomb::readWholeFile(path);
    std::filesystem::remove(path);
    return {text};
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const colcomb::Model m = colcomb::parseModel({reinterpret_cast<const char*>(data), size}, "fuzz-model.json");
        (void)colcomb::trainedFilterMatrices(m);
    } catch (const colcomb::FileError&) {
    }
    return 0;
}
