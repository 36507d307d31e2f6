#include "training/ModelFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/FileName.h"
#include "base/JsonText.h"
#include "base/Npy.h"
#include "base/ZipArchive.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <map>

namespace colcomb {

namespace {

// Where a model's matrices go: inline in the JSON (the old text format), or one .npy member each
// of the zip container, the JSON naming the member.
class MatrixStore {
public:
    explicit MatrixStore(bool zip) : m_zip(zip) {}
    MatrixStore(std::vector<ZipMember> members, std::string name) : m_zip(true), m_name(std::move(name))
    {
        for (ZipMember& m : members) m_members.emplace(m.name, std::move(m.bytes));
    }

    nlohmann::json put(const Matrix& m, const std::string& member)
    {
        if (!m_zip) return {{"rows", m.rows()}, {"cols", m.cols()}, {"data", std::vector<float>(m.data(), m.data() + m.size())}};
        NpyArray a;
        a.dtype = NpyDtype::Float32;
        a.shape = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
        // Matrix is column-major; .npy is C order.
        a.values.resize(static_cast<std::size_t>(m.size()));
        for (Eigen::Index r = 0; r < m.rows(); ++r)
            for (Eigen::Index c = 0; c < m.cols(); ++c) a.values[static_cast<std::size_t>(r * m.cols() + c)] = m(r, c);
        const std::string file = "tensors/" + member + ".npy";
        m_written.push_back({file, serializeNpy(a)});
        return {{"rows", m.rows()}, {"cols", m.cols()}, {"npy", file}};
    }

    void get(const nlohmann::json& j, Matrix& into, const std::string& what, const std::string& name) const
    {
        const long long rows = j.at("rows").get<long long>();
        const long long cols = j.at("cols").get<long long>();
        if (rows != into.rows() || cols != into.cols())
            throw FileError(name, what + " has shape " + std::to_string(rows) + " x " + std::to_string(cols) + ", the network expects "
                                      + std::to_string(into.rows()) + " x " + std::to_string(into.cols()));
        if (j.contains("npy")) {
            const std::string file = j.at("npy").get<std::string>();
            const auto member = m_members.find(file);
            if (member == m_members.end()) throw FileError(name, what + ": the archive has no member '" + file + "'");
            const NpyArray a = parseNpy(member->second, name + ":" + file);
            if (a.shape != std::vector<std::size_t>{static_cast<std::size_t>(rows), static_cast<std::size_t>(cols)})
                throw FileError(name, what + ": '" + file + "' has shape " + npyShapeText(a.shape));
            for (Eigen::Index r = 0; r < rows; ++r)
                for (Eigen::Index c = 0; c < cols; ++c) into(r, c) = static_cast<float>(a.values[static_cast<std::size_t>(r * cols + c)]);
            return;
        }
        const auto data = j.at("data").get<std::vector<float>>();
        if (data.size() != static_cast<std::size_t>(into.size()))
            throw FileError(name, what + " holds " + std::to_string(data.size()) + " values for " + std::to_string(rows) + " x " + std::to_string(cols));
        into = Eigen::Map<const Matrix>(data.data(), into.rows(), into.cols());
    }

    std::vector<ZipMember> take() { return std::move(m_written); }

private:
    bool m_zip;
    std::string m_name;
    std::map<std::string, std::string> m_members;
    std::vector<ZipMember> m_written;
};

Model parseModelJson(const nlohmann::json& j, const MatrixStore& store, const std::string& name);

} // namespace

void saveModel(const std::string& path, Network& net, const TrainingState& state, const std::vector<Matrix>& velocity,
               const std::vector<Matrix>& conflictPruned)
{
    const bool zip = lowerExtension(path) != ".json";
    MatrixStore store(zip);
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t i = 0; i < net.size(); ++i) {
        nlohmann::json params = nlohmann::json::object();
        for (const Parameter& p : net.layer(i).parameters()) {
            const std::string member = std::to_string(i) + "." + p.name;
            params[p.name] = store.put(*p.value, member);
            if (p.mask) params[p.name + "_mask"] = store.put(*p.mask, member + "_mask");
        }
        layers.push_back({{"params", params}, {"state", net.layer(i).state()}});
    }
    nlohmann::json momentum = nlohmann::json::array();
    for (std::size_t k = 0; k < velocity.size(); ++k) momentum.push_back(store.put(velocity[k], "velocity." + std::to_string(k)));
    nlohmann::json setAside = nlohmann::json::array();
    for (std::size_t k = 0; k < conflictPruned.size(); ++k) setAside.push_back(store.put(conflictPruned[k], "conflict_pruned." + std::to_string(k)));
    nlohmann::json j = {
        {"format", "colcomb.model"}, {"version", kModelFormatVersion}, {"spec", net.spec()}, {"seed", state.seed},
        {"epoch", state.epoch},      {"batch", state.batch},           {"step", state.step},             {"groups", state.groups}, {"settings", state.settings},
        {"history", state.history},  {"layers", layers},               {"velocity", momentum},
    };
    if (!setAside.empty()) j["conflict_pruned"] = setAside;
    if (!zip) return writeFileAtomically(path, j.dump());
    std::vector<ZipMember> members{{"model.json", j.dump(1)}};
    for (ZipMember& m : store.take()) members.push_back(std::move(m));
    writeFileAtomically(path, serializeZip(members));
}

Model parseModel(std::string_view bytes, const std::string& name)
{
    if (!looksLikeZip(bytes)) return parseModelJson(parseJsonText(bytes, name), MatrixStore(false), name);
    std::vector<ZipMember> members = parseZip(bytes, name);
    const auto description = std::find_if(members.begin(), members.end(), [](const ZipMember& m) { return m.name == "model.json"; });
    if (description == members.end()) throw FileError(name, "a zip archive without model.json: not a colcomb model file");
    const nlohmann::json j = parseJsonText(description->bytes, name + ":model.json");
    return parseModelJson(j, MatrixStore(std::move(members), name), name);
}

namespace {

Model parseModelJson(const nlohmann::json& j, const MatrixStore& store, const std::string& name)
{
    if (!j.is_object() || j.value("format", "") != "colcomb.model") throw FileError(name, "not a colcomb model file");
    if (j.value("version", 0) != kModelFormatVersion) throw FileError(name, "unsupported model version " + j.value("version", nlohmann::json()).dump());
    try {
        Model m{Network::fromSpec(j.at("spec"), j.value("seed", 1)), {}, {}, {}};
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
                store.get(layers[i].at("params").at(p.name), *p.value, where + " " + p.name, name);
                if (p.mask) store.get(layers[i].at("params").at(p.name + "_mask"), *p.mask, where + " " + p.name + " mask", name);
            }
            m.net.layer(i).setState(layers[i].at("state"));
        }
        const std::vector<Parameter> params = m.net.parameters();
        const nlohmann::json& momentum = j.value("velocity", nlohmann::json::array());
        if (!momentum.empty()) {
            if (momentum.size() != params.size()) throw FileError(name, "optimizer state does not match the parameters");
            for (std::size_t k = 0; k < params.size(); ++k) {
                m.velocity.emplace_back(params[k].value->rows(), params[k].value->cols());
                store.get(momentum[k], m.velocity.back(), "optimizer state " + std::to_string(k), name);
            }
        }
        const std::vector<FilterLayer*> filters = m.net.filterLayers();
        const nlohmann::json& setAside = j.value("conflict_pruned", nlohmann::json::array());
        if (!setAside.empty() && setAside.size() != filters.size()) throw FileError(name, "conflict-pruned weights do not match the filter layers");
        for (std::size_t k = 0; k < setAside.size(); ++k) {
            m.conflictPruned.emplace_back();
            if (setAside[k].value("rows", 0LL) == 0) continue;  // a layer with nothing set aside
            m.conflictPruned.back().resize(filters[k]->weight.rows(), filters[k]->weight.cols());
            store.get(setAside[k], m.conflictPruned.back(), "conflict-pruned weights of filter layer " + std::to_string(k), name);
        }
        if (m.state.groups.size() > filters.size()) throw FileError(name, "more column-group lists than filter layers");
        for (std::size_t k = 0; k < m.state.groups.size(); ++k)
            if (const std::string problem = columnGroupsProblem(m.state.groups[k], static_cast<int>(filters[k]->filterMatrix().cols())); !problem.empty())
                throw FileError(name, "column groups of filter layer " + std::to_string(k) + ": " + problem);
        return m;
    } catch (const FileError&) {
        throw;
    } catch (const std::exception& e) {
        throw FileError(name, e.what());
    }
}

} // namespace

Model loadModel(const std::string& path) { return parseModel(readWholeFile(path), path); }

std::vector<LayerFilterMatrix> trainedFilterMatrices(const Model& model)
{
    std::vector<LayerFilterMatrix> layers = model.net.filterMatrices();
    const TrainSettings settings = TrainSettings::fromJson(model.state.settings);
    for (std::size_t k = 0; k < layers.size(); ++k) {
        if (k < model.state.groups.size()) layers[k].trainedGroups = model.state.groups[k];
        layers[k].trainedParams = jointPackingParams(settings.joint, layers[k].alpha, layers[k].kernelPositions);
        layers[k].trainedParams.array = settings.array;
    }
    return layers;
}

} // namespace colcomb
