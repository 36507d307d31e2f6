// Any text as a network spec: FileError (not JSON), std::invalid_argument naming the bad field,
// or a network that runs a forward pass on one input.
#include "FuzzSeeds.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "nn/Bundled.h"
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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    try {
        const nlohmann::json spec = colcomb::parseJsonText({reinterpret_cast<const char*>(data), size}, "fuzz-spec.json");
        colcomb::Network net = colcomb::Network::fromSpec(spec, 1);
        const colcomb::Tensor out = net.forward(colcomb::Tensor::zeros(net.inputChannels(), 1, net.inputHeight(), net.inputWidth()), false);
        if (out.channels() < 1) std::abort();
    } catch (const colcomb::FileError&) {
    } catch (const std::invalid_argument&) {
    }
    return 0;
}
