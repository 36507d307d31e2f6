#include "io/Workspace.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"

#include <filesystem>

namespace colcomb {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

std::string relativeTo(const std::string& path, const std::string& folder)
{
    if (path.empty() || folder.empty()) return path;
    const fs::path rel = fs::path(path).lexically_normal().lexically_relative(fs::path(folder).lexically_normal());
    if (rel.empty() || *rel.begin() == "..") return path;
    return rel.generic_string();
}

std::string resolvedIn(const std::string& path, const std::string& folder)
{
    if (path.empty() || fs::path(path).is_absolute() || folder.empty()) return path;
    return (fs::path(folder) / path).lexically_normal().string();
}

// Reads a workspace's fields, naming the one that is wrong. Missing optional fields keep their
// defaults, so a hand-written workspace may hold just what it changes.
class Reader {
public:
    Reader(const std::string& name) : m_name(name) {}

    template <typename T>
    void optional(const json& j, const char* key, T& into, const std::string& where) const
    {
        if (!j.contains(key)) return;
        try {
            into = j.at(key).get<T>();
        } catch (const json::exception&) {
            fail(where + "'" + key + "' has the wrong type (" + j.at(key).dump() + ")");
        }
    }
    const json& object(const json& j, const char* key, const std::string& where) const
    {
        static const json empty = json::object();
        if (!j.contains(key)) return empty;
        if (!j[key].is_object()) fail(where + "'" + key + "' must be an object");
        return j[key];
    }
    [[noreturn]] void fail(const std::string& problem) const { throw FileError(m_name, problem); }

private:
    std::string m_name;
};

} // namespace

std::string validatePrintSize(double widthMm, double heightMm, int dpi)
{
    if (!(widthMm >= 10.0 && widthMm <= 1000.0)) return "the width must be 10 to 1000 mm";
    if (!(heightMm == 0.0 || (heightMm >= 10.0 && heightMm <= 1000.0))) return "the height must be 0 (three quarters of the width) or 10 to 1000 mm";
    if (dpi < 30 || dpi > 2400) return "the resolution must be 30 to 2400 dpi";
    return {};
}

json workspaceToJson(const Workspace& ws, const std::string& folder)
{
    json runs = json::array();
    for (const RunRecord& r : ws.runs) {
        json run = {{"name", r.name}, {"model", relativeTo(r.modelPath, folder)}, {"dataset", r.dataset}, {"settings", r.settings}, {"history", r.history}};
        if (r.evaluation) run["evaluation"] = r.evaluation->toJson();
        runs.push_back(run);
    }
    const TrainingForm& t = ws.training;
    json results = json::array();
    for (const std::string& r : ws.tradeoffs.results) results.push_back(relativeTo(r, folder));
    return {{"format", "colcomb.workspace"},
            {"version", kWorkspaceFormatVersion},
            {"source", relativeTo(ws.source.path, folder)},
            {"layer", ws.source.layer},
            {"packing",
             {{"alpha", ws.source.packing.alpha},
              {"gamma", ws.source.packing.gamma},
              {"method", methodChoiceName(methodChoice(ws.source.packing))},
              {"pairwise_section_columns", ws.source.packing.pairwiseSectionColumns},
              {"array", {ws.source.packing.array.rows, ws.source.packing.array.cols}},
              {"trained_groups", ws.source.trainedGroups},
              {"layer_alphas", ws.source.layerAlphas}}},
            {"simulation", {{"mac", macModeName(ws.simulation.mac)}, {"vectors", ws.simulation.vectors}}},
            {"training",
             {{"dataset", t.dataset},
              {"data_dir", t.dataDir},
              {"network", t.network},
              {"alpha", t.alpha},
              {"gamma", t.gamma},
              {"method", t.method},
              {"epochs", t.epochs},
              {"data_fraction", t.dataFraction},
              {"seed", t.seed},
              {"from", relativeTo(t.from, folder)},
              {"out", relativeTo(t.outDir, folder)},
              {"batch", t.batch},
              {"lr", t.learningRate}}},
            {"runs", runs},
            {"tradeoffs",
             {{"results", results},
              {"figure", ws.tradeoffs.figure},
              {"sweep", ws.tradeoffs.sweep},
              {"x", ws.tradeoffs.x},
              {"y", ws.tradeoffs.y},
              {"width_mm", ws.tradeoffs.widthMm},
              {"height_mm", ws.tradeoffs.heightMm},
              {"dpi", ws.tradeoffs.dpi},
              {"bar_values", ws.tradeoffs.barValues}}}};
}

Workspace parseWorkspace(std::string_view text, const std::string& name, const std::string& folder)
{
    const nlohmann::json j = parseJsonText(text, name);
    const Reader read(name);
    if (!j.is_object() || j.value("format", "") != "colcomb.workspace")
        read.fail("not a workspace file (format is not \"colcomb.workspace\")");
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int>() != kWorkspaceFormatVersion)
        read.fail("unsupported workspace version " + (j.contains("version") ? j["version"].dump() : std::string("(missing)")));

    Workspace ws;
    read.optional(j, "source", ws.source.path, "");
    ws.source.path = resolvedIn(ws.source.path, folder);
    read.optional(j, "layer", ws.source.layer, "");
    if (ws.source.layer < -1) read.fail("'layer' must be >= -1");

    const json& p = read.object(j, "packing", "");
    read.optional(p, "alpha", ws.source.packing.alpha, "packing: ");
    read.optional(p, "gamma", ws.source.packing.gamma, "packing: ");
    read.optional(p, "pairwise_section_columns", ws.source.packing.pairwiseSectionColumns, "packing: ");
    read.optional(p, "trained_groups", ws.source.trainedGroups, "packing: ");
    read.optional(p, "layer_alphas", ws.source.layerAlphas, "packing: ");
    for (int a : ws.source.layerAlphas)
        if (a < 1) read.fail("packing: 'layer_alphas' holds " + std::to_string(a) + ", an alpha must be >= 1");
    std::string method = methodChoiceName(methodChoice(ws.source.packing));
    read.optional(p, "method", method, "packing: ");
    if (const auto m = parseMethodChoice(method)) setMethodChoice(ws.source.packing, *m);
    else read.fail("packing: 'method' must be one of " + methodChoicesText() + " (not '" + method + "')");
    std::vector<int> array{ws.source.packing.array.rows, ws.source.packing.array.cols};
    read.optional(p, "array", array, "packing: ");
    if (array.size() != 2) read.fail("packing: 'array' must be [rows, cols]");
    ws.source.packing.array = {array[0], array[1]};
    if (const std::string problem = validatePackingParams(ws.source.packing); !problem.empty()) read.fail("packing: " + problem);

    const json& s = read.object(j, "simulation", "");
    std::string mac = "bit-parallel";
    read.optional(s, "mac", mac, "simulation: ");
    if (mac != "bit-parallel" && mac != "bit-serial") read.fail("simulation: 'mac' must be bit-parallel or bit-serial (not '" + mac + "')");
    ws.simulation.mac = mac == "bit-serial" ? MacMode::BitSerial : MacMode::BitParallel;
    read.optional(s, "vectors", ws.simulation.vectors, "simulation: ");
    if (ws.simulation.vectors < 1) read.fail("simulation: 'vectors' must be >= 1");

    const json& t = read.object(j, "training", "");
    TrainingForm& form = ws.training;
    read.optional(t, "dataset", form.dataset, "training: ");
    read.optional(t, "data_dir", form.dataDir, "training: ");
    read.optional(t, "network", form.network, "training: ");
    read.optional(t, "alpha", form.alpha, "training: ");
    read.optional(t, "gamma", form.gamma, "training: ");
    read.optional(t, "method", form.method, "training: ");
    read.optional(t, "epochs", form.epochs, "training: ");
    read.optional(t, "data_fraction", form.dataFraction, "training: ");
    read.optional(t, "seed", form.seed, "training: ");
    read.optional(t, "from", form.from, "training: ");
    read.optional(t, "out", form.outDir, "training: ");
    read.optional(t, "batch", form.batch, "training: ");
    read.optional(t, "lr", form.learningRate, "training: ");
    if (const std::string problem = validateTrainingForm(form); !problem.empty()) read.fail("training: " + problem);
    form.from = resolvedIn(form.from, folder);
    form.outDir = resolvedIn(form.outDir, folder);

    if (j.contains("runs")) {
        if (!j["runs"].is_array()) read.fail("'runs' must be a list");
        for (std::size_t i = 0; i < j["runs"].size(); ++i) {
            const json& r = j["runs"][i];
            const std::string where = "run " + std::to_string(i) + ": ";
            if (!r.is_object()) read.fail(where + "must be an object");
            RunRecord run;
            read.optional(r, "name", run.name, where);
            read.optional(r, "model", run.modelPath, where);
            if (run.modelPath.empty()) read.fail(where + "'model' (the model file) is missing");
            run.modelPath = resolvedIn(run.modelPath, folder);
            read.optional(r, "dataset", run.dataset, where);
            run.settings = read.object(r, "settings", where);
            if (r.contains("history")) {
                if (!r["history"].is_array()) read.fail(where + "'history' must be a list");
                run.history = r["history"];
            }
            if (r.contains("evaluation")) {
                try {
                    run.evaluation = ModelEvaluation::fromJson(r["evaluation"]);
                } catch (const std::invalid_argument& e) {
                    read.fail(where + e.what());
                }
            }
            ws.runs.push_back(std::move(run));
        }
    }

    const json& v = read.object(j, "tradeoffs", "");
    read.optional(v, "results", ws.tradeoffs.results, "tradeoffs: ");
    for (std::string& r : ws.tradeoffs.results) r = resolvedIn(r, folder);
    read.optional(v, "figure", ws.tradeoffs.figure, "tradeoffs: ");
    read.optional(v, "sweep", ws.tradeoffs.sweep, "tradeoffs: ");
    read.optional(v, "x", ws.tradeoffs.x, "tradeoffs: ");
    read.optional(v, "y", ws.tradeoffs.y, "tradeoffs: ");
    read.optional(v, "width_mm", ws.tradeoffs.widthMm, "tradeoffs: ");
    read.optional(v, "height_mm", ws.tradeoffs.heightMm, "tradeoffs: ");
    read.optional(v, "dpi", ws.tradeoffs.dpi, "tradeoffs: ");
    read.optional(v, "bar_values", ws.tradeoffs.barValues, "tradeoffs: ");
    if (const std::string problem = validatePrintSize(ws.tradeoffs.widthMm, ws.tradeoffs.heightMm, ws.tradeoffs.dpi); !problem.empty())
        read.fail("tradeoffs: " + problem);
    return ws;
}

void saveWorkspace(const std::string& path, const Workspace& ws)
{
    const std::string folder = fs::absolute(path).parent_path().string();
    writeFileAtomically(path, workspaceToJson(ws, folder).dump(1) + "\n");
}

void addRunToWorkspaceFile(const std::string& path, RunRecord run)
{
    Workspace ws = fs::exists(path) ? loadWorkspace(path) : Workspace{};
    addOrReplaceRun(ws.runs, std::move(run));
    saveWorkspace(path, ws);
}

Workspace loadWorkspace(const std::string& path)
{
    return parseWorkspace(readWholeFile(path), path, fs::absolute(path).parent_path().string());
}

} // namespace colcomb
