// Any bytes as a model file, in either of its forms (a zip of model.json and .npy members, or the
// all-text JSON): parseModel either throws FileError or returns a model whose trained groups fit
// its filter layers (one list per layer or none; each group nonempty, within the layer's columns,
// no column in two groups) and whose weights and masks agree in shape.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/ZipArchive.h"
#include "training/JointOptimizer.h"
#include "training/ModelFile.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>

namespace {

std::string savedModel(const std::string& fileName)
{
    colcomb::Network net = colcomb::Network::fromSpec(
        {{"input", {1, 4, 4}}, {"classes", 3}, {"widths", {4, 8}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 4}}}, 1);
    colcomb::TrainingState state;
    state.groups = colcomb::pruneAndCombine(net, 0.8, {});
    const std::string path = (std::filesystem::temp_directory_path() / fileName).string();
    colcomb::saveModel(path, net, state, {});
    std::string bytes = colcomb::readWholeFile(path);
    std::filesystem::remove(path);
    return bytes;
}

} // namespace

std::vector<std::string> colcombFuzzSeeds() { return {savedModel("colcomb-fuzz-model.json"), savedModel("colcomb-fuzz-model.zip")}; }

// The JSON (the whole text, or the zip's model.json) gets a value changed; in a zip, now and then
// a tensor member's data instead.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    if (!colcomb::looksLikeZip(valid)) return colcomb::fuzz::mutateJson(valid, rng);
    std::vector<colcomb::ZipMember> members;
    try {
        members = colcomb::parseZip(valid, "seed.zip");
    } catch (const colcomb::FileError&) {
        return colcomb::fuzz::editBytes(valid, rng);
    }
    colcomb::ZipMember& m = members[static_cast<std::size_t>(rng.below(static_cast<int>(members.size())))];
    if (m.name == "model.json") m.bytes = colcomb::fuzz::mutateJson(m.bytes, rng);
    else if (!m.bytes.empty()) m.bytes[m.bytes.size() - 1 - static_cast<std::size_t>(rng.below(static_cast<int>(std::min<std::size_t>(m.bytes.size(), 16))))] ^= 0x10;
    return colcomb::serializeZip(members, colcomb::ZipCompression::Store);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::Model m;
    try {
        m = colcomb::parseModel({reinterpret_cast<const char*>(data), size}, "fuzz-model.json");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    const std::vector<colcomb::LayerFilterMatrix> layers = colcomb::trainedFilterMatrices(m);
    COLCOMB_FUZZ_CHECK(layers.size() == m.net.filterLayers().size());
    COLCOMB_FUZZ_CHECK(m.state.groups.size() <= layers.size());
    for (const colcomb::LayerFilterMatrix& l : layers) {
        std::vector<int> seen(static_cast<std::size_t>(l.weights.cols()), 0);
        for (const colcomb::ColumnGroup& g : l.trainedGroups) {
            COLCOMB_FUZZ_CHECK(!g.empty());
            for (int c : g)
                COLCOMB_FUZZ_CHECK(c >= 0 && c < l.weights.cols() && seen[static_cast<std::size_t>(c)]++ == 0);
        }
    }
    return 0;
}
