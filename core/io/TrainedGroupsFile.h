#pragma once
// The groups a model was trained with, beside a model file that cannot hold them (an ONNX file or
// an .npz state dict written by PyTorch): MODEL.groups.json next to MODEL,
//   {"format": "colcomb.trained-groups", "version": 1, "gamma": 0.5, "method": "pairwise",
//    "layers": {"conv2": {"alpha": 8, "groups": [[0, 5], [1], ...]}, ...}}
// Layers are named as --layer names them (findLayer: the name, its end, the weight's parameter or
// short name). readNetworkFile applies the file when it is there, so that the studio shows those
// layers packed with those groups and a trainer sweep costs them with them.
#include "io/NetworkFile.h"

#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct TrainedLayerGroups {
    std::string layer;
    int alpha = 8;
    ColumnGroups groups;
};

struct TrainedGroups {
    double gamma = 0.5;
    std::string method = "pairwise";
    std::vector<TrainedLayerGroups> layers;
};

inline constexpr const char* kTrainedGroupsFormat = "colcomb.trained-groups";

// MODEL.groups.json.
std::string trainedGroupsPath(const std::string& modelPath);
// Throws FileError(name, "key: problem").
TrainedGroups parseTrainedGroups(std::string_view text, const std::string& name);
nlohmann::json trainedGroupsToJson(const TrainedGroups& groups);
// Gives the named layers their trainedGroups and trainedParams. Throws FileError(name, ...) for a
// layer that is not in the network or not packed, and for groups that do not fit its columns.
void applyTrainedGroups(NetworkFile& network, const TrainedGroups& groups, const std::string& name);

} // namespace colcomb
