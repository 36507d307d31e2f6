// Any text as a network spec: FileError (not JSON), std::invalid_argument naming the bad field,
// or a network whose forward pass on one input gives one finite score per class, and whose
// filter layers all have a matrix to pack.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "training/Bundled.h"
#include "nn/Network.h"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>

std::vector<std::string> colcombFuzzSeeds()
{
    std::vector<std::string> seeds{R"({"input": [1, 8, 8], "classes": 4, "widths": [8, 16], "blocks": [1, 1], "strides": [1, 2], "alpha": [1, 4]})"};
    for (const std::string& name : colcomb::bundledSpecNames()) seeds.push_back(colcomb::readWholeFile(colcomb::resourcesFolder() + "/models/" + name + "-spec.json"));
    return seeds;
}

// Mostly what a user edits in a spec: a stage's width, depth, stride or alpha, a stage added or
// removed (its four lists in step), a layer's size, the input's size; now and then any value of
// the file (colcomb::fuzz::mutateJson), which the spec's checks mostly refuse.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    nlohmann::json j = nlohmann::json::parse(valid, nullptr, false);
    if (j.is_discarded() || rng.below(4) == 0) return colcomb::fuzz::mutateJson(valid, rng);
    static const char* const stageLists[] = {"widths", "blocks", "strides", "alpha"};
    const bool staged = j.contains("widths") && j["widths"].is_array() && !j["widths"].empty();
    switch (rng.below(3)) {
    case 0:
        if (j.contains("input") && j["input"].is_array() && j["input"].size() == 3) {
            const int side = 4 + rng.below(29);
            j["input"][1] = j["input"][2] = side;
        }
        break;
    case 1:
        if (staged) {
            const std::size_t stage = static_cast<std::size_t>(rng.below(static_cast<int>(j["widths"].size())));
            const int list = rng.below(4);
            const int value = list == 0 ? 1 + rng.below(32) : list == 1 ? 1 + rng.below(2) : list == 2 ? 1 + rng.below(2) : 1 + rng.below(8);
            if (j[stageLists[list]].is_array() && stage < j[stageLists[list]].size()) j[stageLists[list]][stage] = value;
        } else if (j.contains("layers") && j["layers"].is_array() && !j["layers"].empty()) {
            nlohmann::json& layer = j["layers"][static_cast<std::size_t>(rng.below(static_cast<int>(j["layers"].size())))];
            for (const char* key : {"out", "alpha", "kernel", "size"})
                if (layer.contains(key) && rng.below(2) == 0) layer[key] = 1 + rng.below(key[0] == 'o' ? 32 : 4);
        }
        break;
    default:
        if (staged) {
            const bool add = j["widths"].size() == 1 || rng.below(2) == 0;
            for (const char* list : stageLists) {
                if (!j[list].is_array() || j[list].empty()) continue;
                if (add) j[list].push_back(j[list].back());
                else j[list].erase(j[list].size() - 1);
            }
        }
        break;
    }
    return j.dump();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const nlohmann::json spec = colcomb::parseJsonText({reinterpret_cast<const char*>(data), size}, "fuzz-spec.json");
        colcomb::Network net = colcomb::Network::fromSpec(spec, 1);
        ++colcombFuzzAccepted();
        // One score per class for the one input, finite (zeros in, freshly initialized weights).
        const colcomb::Tensor out = net.forward(colcomb::Tensor::zeros(net.inputChannels(), 1, net.inputHeight(), net.inputWidth()), false);
        COLCOMB_FUZZ_CHECK(out.channels() == net.classes() && out.batch == 1 && out.height == 1 && out.width == 1 && out.x.allFinite());
        // Every packable layer has a filter matrix and an alpha the packer accepts.
        for (const colcomb::LayerFilterMatrix& l : net.filterMatrices())
            COLCOMB_FUZZ_CHECK(l.weights.rows() >= 1 && l.weights.cols() >= 1 && l.alpha >= 1);
    } catch (const colcomb::FileError&) {
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
