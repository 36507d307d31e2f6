#include "io/TrainedGroupsFile.h"

#include "base/FileError.h"
#include "base/JsonText.h"
#include "io/NetworkFilePacking.h"
#include "packing/Packer.h"

namespace colcomb {

std::string trainedGroupsPath(const std::string& modelPath) { return modelPath + ".groups.json"; }

TrainedGroups parseTrainedGroups(std::string_view text, const std::string& name)
{
    const nlohmann::json j = parseJsonText(text, name);
    const auto fail = [&](const std::string& problem) { throw FileError(name, problem); };
    if (!j.is_object() || j.value("format", std::string()) != kTrainedGroupsFormat)
        fail(std::string("not a trained-groups file (its \"format\" must be \"") + kTrainedGroupsFormat + "\")");
    if (j.value("version", 0) != 1) fail("version: this program reads version 1");
    TrainedGroups out;
    if (j.contains("gamma")) {
        if (!j["gamma"].is_number() || j["gamma"].get<double>() < 0) fail("gamma: must be a number >= 0");
        out.gamma = j["gamma"].get<double>();
    }
    if (j.contains("method")) {
        if (!j["method"].is_string() || !parseMethodChoice(j["method"].get<std::string>()))
            fail("method: must be one of the grouping methods (" + methodChoicesText() + ")");
        out.method = j["method"].get<std::string>();
    }
    if (!j.contains("layers") || !j["layers"].is_object()) fail("layers: must be an object {layer: {\"alpha\": A, \"groups\": [[columns], ...]}}");
    for (const auto& [layer, entry] : j["layers"].items()) {
        const std::string key = "layers." + layer;
        if (!entry.is_object() || !entry.contains("groups") || !entry["groups"].is_array()) fail(key + ": must be {\"alpha\": A, \"groups\": [[columns], ...]}");
        TrainedLayerGroups l;
        l.layer = layer;
        try {
            l.groups = entry["groups"].get<ColumnGroups>();
        } catch (const nlohmann::json::exception&) {
            fail(key + ".groups: must be lists of column numbers");
        }
        std::size_t widest = 1;
        for (const ColumnGroup& g : l.groups) widest = std::max(widest, g.size());
        l.alpha = static_cast<int>(widest);
        if (entry.contains("alpha")) {
            if (!entry["alpha"].is_number_integer() || entry["alpha"].get<int>() < 1) fail(key + ".alpha: must be a whole number >= 1");
            l.alpha = entry["alpha"].get<int>();
        }
        out.layers.push_back(std::move(l));
    }
    return out;
}

nlohmann::json trainedGroupsToJson(const TrainedGroups& groups)
{
    nlohmann::json layers = nlohmann::json::object();
    for (const TrainedLayerGroups& l : groups.layers) layers[l.layer] = {{"alpha", l.alpha}, {"groups", l.groups}};
    return {{"format", kTrainedGroupsFormat}, {"version", 1}, {"gamma", groups.gamma}, {"method", groups.method}, {"layers", layers}};
}

void applyTrainedGroups(NetworkFile& network, const TrainedGroups& groups, const std::string& name)
{
    for (const TrainedLayerGroups& l : groups.layers) {
        std::size_t row = 0;
        try {
            row = findLayer(network, l.layer);
        } catch (const std::invalid_argument& e) {
            throw FileError(name, "layers." + l.layer + ": " + e.what());
        }
        LayerFilterMatrix& layer = network.layers[row];
        if (!layer.notPacked.empty()) throw FileError(name, "layers." + l.layer + ": '" + layer.name + "' is not packed: " + layer.notPacked);
        if (const std::string problem = columnGroupsProblem(l.groups, layer.weights.cols()); !problem.empty())
            throw FileError(name, "layers." + l.layer + ": " + problem);
        layer.trainedGroups = l.groups;
        layer.alpha = l.alpha;
        layer.trainedParams.alpha = l.alpha;
        layer.trainedParams.gamma = groups.gamma;
        setMethodChoice(layer.trainedParams, *parseMethodChoice(groups.method));
        layer.trainedParams.kernelPositions = kernelPositionsOf(layer);
    }
}

} // namespace colcomb
