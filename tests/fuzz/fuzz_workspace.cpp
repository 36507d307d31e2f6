// Any text as a workspace: parseWorkspace either throws FileError or returns a workspace that
// writes and reads back to itself.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "base/FileError.h"
#include "io/Workspace.h"

#include <cstdint>
#include <cstdlib>

std::vector<std::string> colcombFuzzSeeds()
{
    colcomb::Workspace ws;
    ws.source.path = "/data/layer.npy";
    ws.source.layer = 2;
    ws.training.alpha = "1,4,8";
    colcomb::ModelEvaluation e;
    e.testAccuracy = 0.9;
    e.layers.push_back({});
    ws.runs.push_back({"run", "/data/run/model.json", "mnist", {{"epochs", 3}}, nlohmann::json::array({{{"epoch", 1}}}), e});
    return {colcomb::workspaceToJson(ws, "/data").dump(1), R"({"format": "colcomb.workspace", "version": 1})"};
}

std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng) { return colcomb::fuzz::mutateJson(valid, rng, 1); }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::Workspace ws;
    try {
        ws = colcomb::parseWorkspace({reinterpret_cast<const char*>(data), size}, "fuzz-ws.json", "/data");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    const colcomb::Workspace again = colcomb::parseWorkspace(colcomb::workspaceToJson(ws, "/data").dump(), "again.json", "/data");
    COLCOMB_FUZZ_CHECK(again.source.packing == ws.source.packing && again.runs.size() == ws.runs.size() && again.training == ws.training);
    return 0;
}
