#include "io/PackedLayerFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "training/QuantizedInference.h"
#include "training/TrainingRun.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace colcomb {

namespace {

template <typename Matrix>
nlohmann::json matrixToJson(const Matrix& m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

nlohmann::json packingToJson(const PackingResult& result)
{
    const PackingMetrics& m = result.metrics;
    const SparsityPattern pattern(result.original);
    nlohmann::json conflicts = nlohmann::json::array();
    for (const ColumnGroup& g : result.packed.groups()) conflicts.push_back(groupConflicts(pattern, g));

    return {
        {"format", "colcomb.packed-layer"},
        {"version", kPackedLayerFormatVersion},
        {"rows", m.rows},
        {"cols", m.cols},
        {"alpha", result.params.alpha},
        {"gamma", result.params.gamma},
        {"method", methodChoiceName(methodChoice(result.params))},
        {"kernel_positions", result.params.kernelPositions},
        {"padded_groups", m.paddedGroups},
        {"multiplexer_width", m.multiplexerWidth},
        {"pairwise_section_columns", result.params.pairwiseSectionColumns},
        {"array", {result.params.array.rows, result.params.array.cols}},
        {"conflict_budget", m.conflictBudget},
        {"groups", result.packed.groups()},
        {"group_count", m.groups},
        {"array_columns", m.arrayColumns},
        {"group_conflicts", conflicts},
        {"empty_columns", result.original.emptyColumns()},
        {"empty_rows", result.original.emptyRows()},
        {"nnz_before", m.nnzBefore},
        {"nnz_after", m.nnzAfter},
        {"pruned", m.pruned},
        {"weight_kept_fraction", m.weightKeptFraction},
        {"utilization_before", m.utilizationBefore},
        {"utilization_after", m.utilizationAfter},
        {"tiles_before", m.tilesBefore},
        {"tiles_after", m.tilesAfter},
        {"groups_lower_bound", m.groupsLowerBound.value()},
        {"groups_lower_bound_parts",
         {{"capacity", m.groupsLowerBound.capacity}, {"rows", m.groupsLowerBound.rows}, {"clique", m.groupsLowerBound.clique}, {"proof", m.groupsLowerBound.proof}}},
        // The group count is optimal when it meets the bound, whichever method found it.
        {"bound", m.groupsLowerBound.value()},
        {"optimal", m.groupsLowerBound.value() > 0 && m.groups <= m.groupsLowerBound.value()},
        {"packed_weights", matrixToJson(result.packed.weights())},
        {"select", matrixToJson(result.packed.select())},
    };
}

} // namespace colcomb

namespace colcomb {

namespace {

using nlohmann::json;

const json& field(const json& j, const char* key, const std::string& name)
{
    if (!j.contains(key)) throw FileError(name, std::string("missing field '") + key + "'");
    return j.at(key);
}

int intField(const json& j, const char* key, const std::string& name, int least)
{
    const json& v = field(j, key, name);
    if (!v.is_number_integer() || v.get<long long>() < least || v.get<long long>() > (1 << 30))
        throw FileError(name, std::string("field '") + key + "' must be a whole number >= " + std::to_string(least));
    return v.get<int>();
}

// rows x cols of numbers; `integers` demands whole numbers.
template <typename T>
std::vector<T> gridField(const json& j, const char* key, const std::string& name, int rows, int cols, bool integers)
{
    const json& v = field(j, key, name);
    const std::string what = std::string("field '") + key + "' ";
    if (!v.is_array() || static_cast<int>(v.size()) != rows) throw FileError(name, what + "must have " + std::to_string(rows) + " rows");
    std::vector<T> out;
    out.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int r = 0; r < rows; ++r) {
        const json& row = v[static_cast<std::size_t>(r)];
        if (!row.is_array() || static_cast<int>(row.size()) != cols)
            throw FileError(name, what + "row " + std::to_string(r) + " must have " + std::to_string(cols) + " entries (one per group)");
        for (const json& cell : row) {
            if (integers ? !cell.is_number_integer() : !cell.is_number()) throw FileError(name, what + "row " + std::to_string(r) + " holds a non-number");
            out.push_back(cell.get<T>());
        }
    }
    return out;
}

} // namespace

PackedLayerFile parsePackedLayerJson(std::string_view text, const std::string& name)
{
    const nlohmann::json j = parseJsonText(text, name);
    if (!j.is_object()) throw FileError(name, "not a packed-layer file (expected a JSON object)");
    if (!j.contains("format") || j["format"] != "colcomb.packed-layer")
        throw FileError(name, "not a packed-layer file (format is not \"colcomb.packed-layer\"; write one with colcomb pack --out)");
    if (intField(j, "version", name, 1) != kPackedLayerFormatVersion)
        throw FileError(name, "unsupported packed-layer version " + j["version"].dump());

    PackedLayerFile file;
    const int rows = intField(j, "rows", name, 1);
    const int cols = intField(j, "cols", name, 1);
    file.params.alpha = intField(j, "alpha", name, 1);
    const json& gamma = field(j, "gamma", name);
    if (!gamma.is_number() || gamma.get<double>() < 0) throw FileError(name, "field 'gamma' must be a number >= 0");
    file.params.gamma = gamma.get<double>();
    const auto method = parseMethodChoice(field(j, "method", name).is_string() ? j["method"].get<std::string>() : "");
    if (!method) throw FileError(name, "field 'method' must be one of " + methodChoicesText());
    setMethodChoice(file.params, *method);
    if (j.contains("kernel_positions")) file.params.kernelPositions = intField(j, "kernel_positions", name, 1);
    const int lanes = lanesPerGroup(file.params);
    const json& array = field(j, "array", name);
    if (!array.is_array() || array.size() != 2 || !array[0].is_number_integer() || !array[1].is_number_integer() || array[0].get<int>() < 1
        || array[1].get<int>() < 1)
        throw FileError(name, "field 'array' must be [rows, cols] with both >= 1");
    file.params.array = {array[0].get<int>(), array[1].get<int>()};

    const json& groupsJson = field(j, "groups", name);
    if (!groupsJson.is_array()) throw FileError(name, "field 'groups' must be a list of lists of column indices");
    ColumnGroups groups;
    for (const json& g : groupsJson) {
        if (!g.is_array() || g.empty()) throw FileError(name, "field 'groups': every group must be a non-empty list of column indices");
        ColumnGroup group;
        for (const json& c : g) {
            if (!c.is_number_integer() || c.get<long long>() < 0 || c.get<long long>() >= cols)
                throw FileError(name, "field 'groups': column " + c.dump() + " is not in 0.." + std::to_string(cols - 1));
            group.push_back(c.get<int>());
        }
        groups.push_back(std::move(group));
    }
    // An N:M group takes N array columns (its lanes), each holding one of a row's kept weights.
    std::vector<int> groupOfColumn;
    for (std::size_t g = 0; g < groups.size(); ++g) groupOfColumn.insert(groupOfColumn.end(), std::min<std::size_t>(static_cast<std::size_t>(lanes), groups[g].size()), static_cast<int>(g));
    const int groupCount = static_cast<int>(groupOfColumn.size());
    const std::vector<float> weights = gridField<float>(j, "packed_weights", name, rows, groupCount, false);
    const std::vector<int> select = gridField<int>(j, "select", name, rows, groupCount, true);

    FilterMatrix pruned(rows, cols);
    for (int r = 0; r < rows; ++r) {
        for (int g = 0; g < groupCount; ++g) {
            const std::size_t k = static_cast<std::size_t>(r) * static_cast<std::size_t>(groupCount) + static_cast<std::size_t>(g);
            const int c = select[k];
            const std::string cell = "row " + std::to_string(r) + ", " + (lanes > 1 ? "array column " : "group ") + std::to_string(g);
            if (c == -1) {
                if (weights[k] != 0.0f) throw FileError(name, cell + ": a weight in a cell whose select index is -1");
                continue;
            }
            const ColumnGroup& group = groups[static_cast<std::size_t>(groupOfColumn[static_cast<std::size_t>(g)])];
            if (std::find(group.begin(), group.end(), c) == group.end())
                throw FileError(name, cell + ": select index " + std::to_string(c) + " is not a column of that group");
            if (!std::isfinite(weights[k])) throw FileError(name, cell + ": weight is not finite");
            pruned(r, c) = weights[k];
        }
    }
    try {
        file.packed = PackedLayer(pruned, std::move(groups), lanes);
    } catch (const std::invalid_argument& e) {
        throw FileError(name, e.what());
    }
    // A zero weight with a real select index cannot round-trip through the pruned matrix.
    for (int r = 0; r < rows; ++r)
        for (int g = 0; g < groupCount; ++g)
            if (file.packed.select()(r, g) != select[static_cast<std::size_t>(r) * static_cast<std::size_t>(groupCount) + static_cast<std::size_t>(g)])
                throw FileError(name, "row " + std::to_string(r) + ", group " + std::to_string(g) + ": select index names a zero weight");
    return file;
}

PackedLayerFile readPackedLayerFile(const std::string& path) { return parsePackedLayerJson(readWholeFile(path), path); }

std::vector<std::string> writePackedLayerFiles(Model& model, const std::string& folder, int bits)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    if (error) throw FileError(folder, "cannot create the folder: " + error.message());
    const TrainSettings settings = TrainSettings::fromJson(model.state.settings);
    std::vector<std::string> paths;
    for (const auto& [layer, result] : exportPackedLayers(model.net, model.state.groups, bits, settings.array, settings.joint)) {
        const std::string path = (std::filesystem::path(folder) / ("layer" + std::to_string(layer) + ".json")).string();
        writeFileAtomically(path, packingToJson(result).dump(1));
        paths.push_back(path);
    }
    return paths;
}

} // namespace colcomb
