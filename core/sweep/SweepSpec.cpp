#include "sweep/SweepSpec.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "base/ParameterError.h"
#include "training/RunStart.h"
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"

#include <charconv>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>

namespace colcomb {

namespace {

using nlohmann::json;

[[noreturn]] void refuse(const std::string& key, const std::string& problem) { throw ParameterError(key, key + ": " + problem); }

// 'value' as the spec wrote it. Built by appending: GCC 12 warns (-Wrestrict) about the
// equivalent chain of operator+ on a temporary.
std::string quoted(const json& v)
{
    std::string out = "'";
    out += v.is_string() ? v.get<std::string>() : v.dump();
    out += "'";
    return out;
}

void refuseUnknownKeys(const json& object, const std::set<std::string>& known, const std::string& prefix)
{
    for (const auto& [key, value] : object.items()) {
        if (known.count(key)) continue;
        std::string list;
        for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
        refuse(prefix + key, "unknown key (known: " + list + ")");
    }
}

long long wholeNumber(const json& v, const std::string& key, long long lo, long long hi)
{
    if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
        refuse(key, quoted(v) + " is not a whole number");
    const double d = v.get<double>();
    if (d < static_cast<double>(lo) || d > static_cast<double>(hi))
        refuse(key, v.dump() + " is out of range (" + std::to_string(lo) + " to " + std::to_string(hi) + ")");
    return static_cast<long long>(d);
}

double number(const json& v, const std::string& key, double lo, double hi, bool openLow = false)
{
    if (!v.is_number()) refuse(key, quoted(v) + " is not a number");
    const double d = v.get<double>();
    if (!std::isfinite(d) || d > hi || (openLow ? d <= lo : d < lo)) {
        std::ostringstream range;
        range << (openLow ? "above " : "") << lo << " to " << hi;
        refuse(key, v.dump() + " is out of range (" + range.str() + ")");
    }
    return d;
}

std::string text(const json& v, const std::string& key)
{
    if (!v.is_string()) refuse(key, quoted(v) + " is not a string");
    return v.get<std::string>();
}

// What a sweep does with its points, for the axes' rules.
enum class SweepKind { Packing, Recipe, Trainer };

// One axis value in canonical form, or a refusal naming the key.
json canonical(const std::string& axis, const json& v, const std::string& key, SweepKind kind)
{
    const bool trains = kind != SweepKind::Packing;
    if (axis == "alpha") {
        if (v.is_string()) {
            if (kind == SweepKind::Packing) refuse(key, "alpha per stage (\"1,4,8\") applies to a training recipe; a model's layers take {\"layer name\": A, \"*\": A}");
            std::vector<int> stages;
            try {
                stages = parseAlphaList(v.get<std::string>());
            } catch (const std::invalid_argument& e) {
                refuse(key, e.what());
            }
            if (stages.empty()) refuse(key, "an empty alpha list");
            std::string out;
            for (int a : stages) {
                if (!out.empty()) out += ',';
                out += std::to_string(a);
            }
            return out;
        }
        if (v.is_object()) {
            if (kind == SweepKind::Recipe) refuse(key, "alpha per layer applies to packing a model; a recipe takes one alpha or one per stage (\"1,4,8\")");
            json out = json::object();
            for (const auto& [layer, a] : v.items()) out[layer] = wholeNumber(a, key + "." + layer, 1, 4096);
            if (out.empty()) refuse(key, "an empty alpha object");
            return out;
        }
        return wholeNumber(v, key, 1, 4096);
    }
    if (axis == "gamma") return number(v, key, 0.0, 1e6);
    if (axis == "method") {
        const std::string m = text(v, key);
        if (parseMethodChoice(m) || (trains && m == "dense")) return m;
        refuse(key, "unknown method '" + m + "' (known: " + methodChoicesText() + (trains ? ", dense" : "") + ")");
    }
    if (axis == "array") {
        std::optional<ArrayShape> shape;
        if (v.is_number()) {
            const int n = static_cast<int>(wholeNumber(v, key, 1, 1 << 16));
            shape = ArrayShape{n, n};
        } else if (v.is_string()) {
            shape = parseArrayShape(v.get<std::string>());
        }
        if (!shape) refuse(key, quoted(v) + " is not an array size (64 or \"32x64\")");
        if (const std::string problem = validateArrayShape(*shape); !problem.empty()) refuse(key, problem);
        return arrayShapeText(*shape);
    }
    if (axis == "mac") {
        const std::string m = text(v, key);
        if (m != "bit-parallel" && m != "bit-serial") refuse(key, "'" + m + "' is not a MAC mode (bit-parallel or bit-serial)");
        return m;
    }
    if (axis == "data_bits") return wholeNumber(v, key, 1, 16);
    if (axis == "data_fraction") return number(v, key, 0.0, 1.0, true);
    if (axis == "epochs") return wholeNumber(v, key, 1, 10000);
    if (axis == "start") {
        const std::string s = text(v, key);
        if (s != "scratch" && s != "pretrained") refuse(key, "'" + s + "' is not a start (scratch or pretrained)");
        return s;
    }
    if (axis == "seed") return wholeNumber(v, key, 0, (1LL << 53));
    refuse(key, "unknown axis");
}

bool trainingAxis(const std::string& axis) { return axis == "data_fraction" || axis == "epochs" || axis == "start" || axis == "seed"; }

std::string resolved(const std::string& path, const std::string& baseDir)
{
    if (path.empty() || baseDir.empty() || std::filesystem::path(path).is_absolute()) return path;
    return (std::filesystem::path(baseDir) / path).lexically_normal().string();
}

// A bundled name ("demo") stays a name; a path is taken relative to the spec.
std::string resolvedNameOrPath(const std::string& value, const std::string& baseDir)
{
    return isBundledName(value) ? value : resolved(value, baseDir);
}

SweepTrainer parseTrainer(const json& t, const std::string& baseDir)
{
    if (!t.is_object()) refuse("trainer", "must be an object with \"command\": [program, arguments...]");
    refuseUnknownKeys(t, {"command", "comment"}, "trainer.");
    if (!t.contains("command") || !t["command"].is_array() || t["command"].empty())
        refuse("trainer.command", "must be a list of strings: the program and its arguments");
    SweepTrainer out;
    out.workingDir = baseDir;
    bool point = false;
    bool result = false;
    for (std::size_t i = 0; i < t["command"].size(); ++i) {
        const std::string arg = text(t["command"][i], "trainer.command[" + std::to_string(i) + "]");
        point = point || arg.find("{point}") != std::string::npos;
        result = result || arg.find("{result}") != std::string::npos;
        out.command.push_back(arg);
    }
    if (out.command.front().empty()) refuse("trainer.command[0]", "is empty: name the program");
    if (!point) refuse("trainer.command", "never passes {point}, the file that holds the point to train");
    if (!result) refuse("trainer.command", "never passes {result}, the file where the command writes its result");
    return out;
}

SweepRecipe parseRecipe(const json& r, const std::string& baseDir)
{
    if (!r.is_object()) refuse("recipe", "must be an object (network, dataset, data_dir, epochs, data_fraction, pretrained, batch, learning_rate)");
    refuseUnknownKeys(r, {"network", "dataset", "data_dir", "epochs", "data_fraction", "pretrained", "batch", "learning_rate", "comment"}, "recipe.");
    SweepRecipe out;
    if (r.contains("network")) out.network = resolvedNameOrPath(text(r["network"], "recipe.network"), baseDir);
    if (r.contains("dataset")) out.dataset = text(r["dataset"], "recipe.dataset");
    if (r.contains("data_dir")) out.dataDir = resolved(text(r["data_dir"], "recipe.data_dir"), baseDir);
    if (r.contains("epochs")) out.epochs = static_cast<int>(wholeNumber(r["epochs"], "recipe.epochs", 1, 10000));
    if (r.contains("data_fraction")) out.dataFraction = number(r["data_fraction"], "recipe.data_fraction", 0.0, 1.0, true);
    if (r.contains("pretrained")) out.pretrained = resolvedNameOrPath(text(r["pretrained"], "recipe.pretrained"), baseDir);
    if (r.contains("batch")) out.batch = static_cast<std::size_t>(wholeNumber(r["batch"], "recipe.batch", 1, 1 << 16));
    if (r.contains("learning_rate")) out.learningRate = number(r["learning_rate"], "recipe.learning_rate", 0.0, 100.0, true);
    return out;
}

} // namespace

bool isBundledName(const std::string& value) { return value.find('/') == std::string::npos && std::filesystem::path(value).extension().empty(); }

const std::vector<std::string>& sweepAxes()
{
    static const std::vector<std::string> axes{"alpha", "gamma", "method", "array", "mac", "data_bits", "data_fraction", "epochs", "start", "seed"};
    return axes;
}

SweepSpec parseSweepSpec(const json& spec, const std::string& baseDir)
{
    if (!spec.is_object()) refuse("spec", "a sweep spec is a JSON object with \"input\", \"recipe\" or \"trainer\", and \"grid\"");
    refuseUnknownKeys(spec, {"name", "comment", "input", "layer", "density", "weights_seed", "vectors", "recipe", "trainer", "simulate", "grid", "cache"}, "");
    SweepSpec out;
    if (spec.contains("name")) out.name = out.title = text(spec["name"], "name");
    if (int(spec.contains("input")) + int(spec.contains("recipe")) + int(spec.contains("trainer")) != 1)
        refuse("input", "a sweep packs an \"input\" (weights), trains a \"recipe\", or runs a \"trainer\" command: give exactly one");
    if (spec.contains("input")) out.input = resolved(text(spec["input"], "input"), baseDir);
    if (out.input.empty() && spec.contains("input")) refuse("input", "is empty");
    if (spec.contains("recipe")) out.recipe = parseRecipe(spec["recipe"], baseDir);
    if (spec.contains("trainer")) out.trainer = parseTrainer(spec["trainer"], baseDir);
    const SweepKind kind = out.recipe ? SweepKind::Recipe : out.trainer ? SweepKind::Trainer : SweepKind::Packing;
    if (spec.contains("layer")) {
        if (out.trains()) refuse("layer", "applies to an input's layers; a training sweep trains the whole network");
        out.layer = text(spec["layer"], "layer");
    }
    if (spec.contains("density")) out.import.syntheticDensity = number(spec["density"], "density", 0.0, 1.0, true);
    if (spec.contains("weights_seed")) out.import.seed = static_cast<std::uint64_t>(wholeNumber(spec["weights_seed"], "weights_seed", 0, 1LL << 53));
    if (spec.contains("vectors")) out.vectors = wholeNumber(spec["vectors"], "vectors", 1, 1LL << 40);
    if (spec.contains("simulate")) {
        if (!spec["simulate"].is_boolean()) refuse("simulate", "must be true or false");
        out.simulate = spec["simulate"].get<bool>();
    }
    if (spec.contains("cache")) out.cache = resolved(text(spec["cache"], "cache"), baseDir);

    const auto knownAxes = [] {
        std::string a;
        for (const std::string& axis : sweepAxes()) a += (a.empty() ? "" : ", ") + axis;
        return a;
    };
    if (!spec.contains("grid") || !(spec["grid"].is_object() || spec["grid"].is_array()))
        refuse("grid", "a sweep needs a grid: an object of axes (" + knownAxes() + "), or a list of such objects");
    // A list of grids is their points one after the other: settings that do not multiply out,
    // such as N:M beside column combining at its own gammas.
    const json grids = spec["grid"].is_array() ? spec["grid"] : json::array({spec["grid"]});
    if (grids.empty()) refuse("grid", "is an empty list: give at least one grid");
    for (std::size_t g = 0; g < grids.size(); ++g) {
        const std::string where = spec["grid"].is_array() ? "grid[" + std::to_string(g) + "]" : std::string("grid");
        const json& grid = grids[g];
        if (!grid.is_object()) refuse(where, "must be an object of axes (" + knownAxes() + ")");
        if (grid.empty()) refuse(where, "is empty: name at least one axis");
        json axes = json::object();
        for (const auto& [axis, values] : grid.items()) {
            const std::string key = where + "." + axis;
            if (std::find(sweepAxes().begin(), sweepAxes().end(), axis) == sweepAxes().end()) refuse(key, "unknown axis (known: " + knownAxes() + ")");
            if (trainingAxis(axis) && !out.trains()) refuse(key, "trains, so it needs a \"recipe\" or a \"trainer\" instead of an \"input\"");
            const json list = values.is_array() ? values : json::array({values});
            if (list.empty()) refuse(key, "is an empty list: give at least one value");
            json canon = json::array();
            for (std::size_t i = 0; i < list.size(); ++i) {
                json c = canonical(axis, list[i], key + "[" + std::to_string(i) + "]", kind);
                if (std::find(canon.begin(), canon.end(), c) != canon.end()) refuse(key, "lists " + c.dump() + " twice");
                if (axis == "start" && c == "pretrained" && out.recipe && out.recipe->pretrained.empty())
                    refuse(key, "\"pretrained\" needs recipe.pretrained, the model to start from");
                canon.push_back(std::move(c));
            }
            axes[axis] = std::move(canon);
        }
        out.grid.push_back(std::move(axes));
    }
    return out;
}

SweepSpec readSweepSpec(const std::string& path)
{
    const std::string text = readWholeFile(path);
    try {
        SweepSpec spec = parseSweepSpec(parseJsonText(text, path), std::filesystem::path(path).parent_path().string());
        spec.path = path;
        spec.name = std::filesystem::path(path).stem().string();
        return spec;
    } catch (const ParameterError& e) {
        throw FileError(path, e.what());
    }
}

std::vector<json> sweepPoints(const SweepSpec& spec)
{
    std::vector<json> all;
    for (const json& grid : spec.grid) {
        std::vector<json> points{json::object()};
        for (const std::string& axis : sweepAxes()) {
            if (!grid.contains(axis)) continue;
            std::vector<json> next;
            for (const json& p : points)
                for (const json& v : grid[axis]) {
                    json q = p;
                    q[axis] = v;
                    next.push_back(std::move(q));
                }
            points = std::move(next);
        }
        all.insert(all.end(), points.begin(), points.end());
    }
    return all;
}

Shard parseShard(const std::string& value)
{
    const std::size_t slash = value.find('/');
    Shard s;
    const char* end = value.data() + value.size();
    if (slash == std::string::npos || std::from_chars(value.data(), value.data() + slash, s.index).ptr != value.data() + slash
        || std::from_chars(value.data() + slash + 1, end, s.count).ptr != end || s.count < 1 || s.index < 0 || s.index >= s.count)
        throw ParameterError("shard", "'" + value + "' is not I/N with 0 <= I < N (the shards are numbered from 0)");
    return s;
}

} // namespace colcomb
