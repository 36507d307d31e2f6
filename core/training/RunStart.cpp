#include "training/RunStart.h"

#include "base/ParameterError.h"
#include "training/Bundled.h"

#include <charconv>
#include <stdexcept>

namespace colcomb {

std::vector<int> parseAlphaList(std::string_view text)
{
    std::vector<int> out;
    if (text.find_first_not_of(" ") == std::string_view::npos) return out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        int v = 0;
        const auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), v);
        if (item.empty() || error != std::errc() || end != item.data() + item.size() || v < 1)
            throw ParameterError("alpha", "'" + std::string(text) + "' is not a comma-separated list of alpha values (whole numbers >= 1, one per stage)");
        out.push_back(v);
        if (comma == std::string_view::npos) return out;
        start = comma + 1;
    }
}

Model startingModel(const RunStart& start)
{
    if (!start.from.empty()) {
        if (!start.alpha.empty())
            throw ParameterError("alpha", "alpha per stage cannot change a pretrained model: its layers keep the alpha they were built with");
        Model model = loadModel(modelPath(start.from));
        // Trained further from its weights, masks and groups; a new run's schedule and optimizer.
        model.state = TrainingState{start.seed, 0, 0, 0, model.state.groups, nlohmann::json::object(), nlohmann::json::array()};
        model.velocity.clear();
        return model;
    }
    nlohmann::json spec = loadNetworkSpec(start.network);
    if (start.alpha.size() == 1 && spec.contains("layers")) {
        // One alpha for a layer list: every layer the list packs (the ones that state an alpha).
        for (nlohmann::json& layer : spec["layers"])
            if (layer.is_object() && layer.contains("alpha")) layer["alpha"] = start.alpha.front();
    } else if (!start.alpha.empty()) {
        if (spec.contains("layers"))
            throw ParameterError("alpha", "alpha per stage applies to a shorthand spec (widths, blocks, strides); '" + start.network +
                                        "' is a layer list whose layers set their own alpha (one value sets every packed layer's)");
        if (start.alpha.size() == 1 && spec.contains("widths") && spec["widths"].is_array())
            spec["alpha"] = std::vector<int>(spec["widths"].size(), start.alpha.front());  // one alpha for every stage
        else
            spec["alpha"] = start.alpha;
    }
    Model model;
    try {
        model.net = Network::fromSpec(spec, start.seed);
    } catch (const std::invalid_argument& e) {
        throw ParameterError("network", start.network + ": " + e.what());
    }
    model.state.seed = start.seed;
    return model;
}

} // namespace colcomb
