#include "nn/ModelFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "nn/TrainingRun.h"

namespace colcomb {

namespace {

nlohmann::json matrixJson(const Matrix& m)
{
    return {{"rows", m.rows()}, {"cols", m.cols()}, {"data", std::vector<float>(m.data(), m.data() + m.size())}};
}

void readMatrix(const nlohmann::json& j, Matrix& into, const std::string& what, const std::string& name)
{
    const auto data = j.at("data").get<std::vector<float>>();
    if (j.at("rows").get<long long>() != into.rows() || j.at("cols").get<long long>() != into.cols() || data.size() != static_cast<std::size_t>(into.size()))
        throw FileError(name, what + " has shape " + std::to_string(j.at("rows").get<long long>()) + " x " + std::to_string(j.at("cols").get<long long>())
                                  + ", the network expects " + std::to_string(into.rows()) + " x " + std::to_string(into.cols()));
    into = Eigen::Map<const Matrix>(data.data(), into.rows(), into.cols());
}

} // namespace

void saveModel(const std::string& path, Network& net, const TrainingState& state, const std::vector<Matrix>& velocity)
{
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t i = 0; i < net.size(); ++i) {
        nlohmann::json params = nlohmann::json::object();
        for (const Parameter& p : net.layer(i).parameters()) {
            params[p.name] = matrixJson(*p.value);
            if (p.mask) params[p.name + "_mask"] = matrixJson(*p.mask);
        }
        layers.push_back({{"params", params}, {"state", net.layer(i).state()}});
    }
    nlohmann::json momentum = nlohmann::json::array();
    for (const Matrix& v : velocity) momentum.push_back(matrixJson(v));
    const nlohmann::json j = {
        {"format", "colcomb.model"}, {"version", kModelFormatVersion}, {"spec", net.spec()}, {"seed", state.seed},
        {"epoch", state.epoch},      {"batch", state.batch},           {"step", state.step},             {"groups", state.groups}, {"settings", state.settings},
        {"history", state.history},  {"layers", layers},               {"velocity", momentum},
    };
    writeFileAtomically(path, j.dump());
}

Model parseModel(std::string_view text, const std::string& name)
{
    const nlohmann::json j = parseJsonText(text, name);
    if (!j.is_object() || j.value("format", "") != "colcomb.model") throw FileError(name, "not a colcomb model file");
    if (j.value("version", 0) != kModelFormatVersion) throw FileError(name, "unsupported model version " + j.value("version", nlohmann::json()).dump());
    try {
        Model m{Network::fromSpec(j.at("spec"), j.value("seed", 1)), {}, {}};
        m.state.seed = j.value("seed", std::uint64_t{1});
        m.state.epoch = j.value("epoch", 0);
        m.state.batch = j.value("batch", std::size_t{0});
        m.state.step = j.value("step", 0LL);
        m.state.groups = j.value("groups", std::vector<ColumnGroups>{});
        m.state.settings = j.value("settings", nlohmann::json::object());
        m.state.history = j.value("history", nlohmann::json::array());
        const nlohmann::json& layers = j.at("layers");
        if (layers.size() != m.net.size()) throw FileError(name, std::to_string(layers.size()) + " layers stored, the spec has " + std::to_string(m.net.size()));
        for (std::size_t i = 0; i < m.net.size(); ++i) {
            const std::string where = "layer " + std::to_string(i) + " (" + m.net.layer(i).type() + ")";
            for (const Parameter& p : m.net.layer(i).parameters()) {
                readMatrix(layers[i].at("params").at(p.name), *p.value, where + " " + p.name, name);
                if (p.mask) readMatrix(layers[i].at("params").at(p.name + "_mask"), *p.mask, where + " " + p.name + " mask", name);
            }
            m.net.layer(i).setState(layers[i].at("state"));
        }
        const std::vector<Parameter> params = m.net.parameters();
        const nlohmann::json& momentum = j.value("velocity", nlohmann::json::array());
        if (!momentum.empty()) {
            if (momentum.size() != params.size()) throw FileError(name, "optimizer state does not match the parameters");
            for (std::size_t k = 0; k < params.size(); ++k) {
                m.velocity.emplace_back(params[k].value->rows(), params[k].value->cols());
                readMatrix(momentum[k], m.velocity.back(), "optimizer state " + std::to_string(k), name);
            }
        }
        if (m.state.groups.size() > m.net.filterLayers().size()) throw FileError(name, "more column-group lists than filter layers");
        return m;
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& e) {
        throw FileError(name, e.what());
    }
}

Model loadModel(const std::string& path) { return parseModel(readWholeFile(path), path); }

std::vector<LayerFilterMatrix> trainedFilterMatrices(const Model& model)
{
    std::vector<LayerFilterMatrix> layers = model.net.filterMatrices();
    const TrainSettings settings = TrainSettings::fromJson(model.state.settings);
    for (std::size_t k = 0; k < layers.size(); ++k) {
        if (k < model.state.groups.size()) layers[k].trainedGroups = model.state.groups[k];
        layers[k].trainedParams = {layers[k].alpha, settings.joint.gamma, settings.joint.method, settings.joint.pairwiseSectionColumns, settings.array};
    }
    return layers;
}

} // namespace colcomb
