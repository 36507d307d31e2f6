#include "io/PackingExport.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "io/PackedLayerFile.h"
#include "systolic/QuantizedLayer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace colcomb {

namespace {

// The shape of the weight this filter matrix is (a grouped conv's group: its slice of filters).
std::vector<std::size_t> partShape(const LayerFilterMatrix& l)
{
    std::vector<std::size_t> shape = l.tensorShape;
    if (shape.empty()) shape = {static_cast<std::size_t>(l.weights.rows()), static_cast<std::size_t>(l.weights.cols())};
    if (l.group >= 0) shape[0] /= static_cast<std::size_t>(l.groupCount);
    return shape;
}

// 1 where the pruned matrix keeps a weight, in the order the tensor stores it.
std::vector<double> keptMask(const LayerFilterMatrix& l, const FilterMatrix& pruned)
{
    std::vector<double> out;
    out.reserve(static_cast<std::size_t>(pruned.rows()) * static_cast<std::size_t>(pruned.cols()));
    if (l.storedTransposed) {  // stored inputs x outputs
        for (int c = 0; c < pruned.cols(); ++c)
            for (int r = 0; r < pruned.rows(); ++r) out.push_back(pruned(r, c) != 0.0f ? 1.0 : 0.0);
        return out;
    }
    for (int r = 0; r < pruned.rows(); ++r)
        for (int c = 0; c < pruned.cols(); ++c) out.push_back(pruned(r, c) != 0.0f ? 1.0 : 0.0);
    return out;
}

void checkSizes(std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results)
{
    if (layers.size() != results.size()) throw std::invalid_argument("one packing per layer is needed");
}

NpyArray intArray(std::vector<std::size_t> shape, std::vector<double> values)
{
    return {std::move(shape), std::move(values), NpyDtype::Int32};
}

std::string baseName(const LayerFilterMatrix& l)
{
    if (l.group < 0) return l.name;
    const std::size_t bracket = l.name.rfind('[');
    return bracket == std::string::npos ? l.name : l.name.substr(0, bracket);
}

std::string fileSafe(std::string name)
{
    for (char& c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' || c == '[' || c == ']')) c = '_';
    while (!name.empty() && name.front() == '_') name.erase(name.begin());
    return name.empty() ? "layer" : name;
}

std::string hexWord(std::uint32_t value, int digits)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%0*x", digits, value);
    return buffer;
}

} // namespace

nlohmann::json networkTotalsToJson(const NetworkTotals& t, double seconds)
{
    return {{"layers", t.layers},
            {"nnz_before", t.nnzBefore},
            {"nnz_after", t.nnzAfter},
            {"pruned", t.pruned},
            {"nonzero_columns", t.nonzeroColumns},
            {"groups", t.groups},
            {"utilization_before", t.utilizationBefore},
            {"utilization_after", t.utilizationAfter},
            {"weight_kept_fraction", t.weightKeptFraction},
            {"tiles_before", t.tilesBefore},
            {"tiles_after", t.tilesAfter},
            {"cycles_before", t.cyclesBefore},
            {"cycles_after", t.cyclesAfter},
            {"energy_before_pj", t.energyBeforePj},
            {"energy_after_pj", t.energyAfterPj},
            {"layers_without_output_positions", t.layersWithoutVectors},
            {"seconds", seconds}};
}


nlohmann::json networkPackingToJson(const std::string& file, std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results,
                                    const NetworkReport& report, std::span<const LayerFilterMatrix> notPacked, double seconds)
{
    checkSizes(layers, results);
    nlohmann::json packed = nlohmann::json::array();
    for (std::size_t k = 0; k < results.size(); ++k) {
        nlohmann::json j = packingToJson(results[k]);
        j["name"] = layers[k].name;
        j["kind"] = layers[k].kind;
        if (layers[k].vectors > 0) {
            const LayerHardware& h = report.layers[k];
            j["output_positions"] = layers[k].vectors;
            j["cycles_before"] = h.cyclesBefore;
            j["cycles_after"] = h.cyclesAfter;
            j["energy_before_pj"] = h.energyBeforePj;
            j["energy_after_pj"] = h.energyAfterPj;
        }
        packed.push_back(std::move(j));
    }
    nlohmann::json skipped = nlohmann::json::array();
    for (const LayerFilterMatrix& l : notPacked) skipped.push_back({{"name", l.name}, {"kind", l.kind}, {"reason", l.notPacked}});
    return {{"file", file}, {"layers", packed}, {"not_packed", skipped}, {"totals", networkTotalsToJson(report.totals, seconds)}};
}

std::vector<NpzEntry> packingArchive(std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results)
{
    checkSizes(layers, results);
    std::vector<NpzEntry> out;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const PackedLayer& p = results[i].packed;
        const std::string& name = layers[i].name;
        const auto rows = static_cast<std::size_t>(p.rows());
        const auto groups = static_cast<std::size_t>(p.groupCount());
        const auto columns = static_cast<std::size_t>(p.columns());  // groups x lanes for N:M
        NpyArray weights{{rows, columns}, {}, NpyDtype::Float32};
        std::vector<double> select;
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t g = 0; g < columns; ++g) {
                weights.values.push_back(p.weights()(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(g)));
                select.push_back(p.select()(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(g)));
            }
        std::size_t alpha = static_cast<std::size_t>(groupWidth(results[i].params));  // the multiplexer width
        for (const ColumnGroup& g : p.groups()) alpha = std::max(alpha, g.size());  // groups given from elsewhere may be wider
        std::vector<double> members;
        for (const ColumnGroup& g : p.groups())
            for (std::size_t k = 0; k < alpha; ++k) members.push_back(k < g.size() ? g[k] : -1);
        out.push_back({name + "/packed_weights", std::move(weights)});
        out.push_back({name + "/select", intArray({rows, columns}, std::move(select))});
        out.push_back({name + "/groups", intArray({groups, alpha}, std::move(members))});
        if (columns != groups) {  // N:M: the group each array column (lane) belongs to
            std::vector<double> owner(p.groupOfArrayColumn().begin(), p.groupOfArrayColumn().end());
            out.push_back({name + "/column_group", intArray({columns}, std::move(owner))});
        }
        out.push_back({name + "/mask", {partShape(layers[i]), keptMask(layers[i], results[i].pruned), NpyDtype::Float32}});
    }
    return out;
}

std::vector<NpzEntry> pruningMasks(std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results)
{
    checkSizes(layers, results);
    std::vector<NpzEntry> out;
    nlohmann::json keys = nlohmann::json::array();
    for (std::size_t i = 0; i < layers.size(); ++i) {
        std::vector<double> mask = keptMask(layers[i], results[i].pruned);
        const std::string key = layers[i].parameter.empty() ? baseName(layers[i]) : layers[i].parameter;
        // A grouped conv's groups are consecutive blocks of filters: appended in group order they
        // are the whole tensor in C order.
        if (layers[i].group > 0 && !out.empty() && out.back().key == key) {
            out.back().array.values.insert(out.back().array.values.end(), mask.begin(), mask.end());
            continue;
        }
        std::vector<std::size_t> shape = layers[i].group >= 0 ? layers[i].tensorShape : partShape(layers[i]);
        out.push_back({key, {std::move(shape), std::move(mask), NpyDtype::Float32}});
        keys.push_back({{"key", key}, {"layer", baseName(layers[i])}, {"key_is", layers[i].parameter.empty() ? "layer name" : "parameter"}});
    }
    for (const NpzEntry& e : out)
        if (e.array.values.size() != e.array.count()) throw std::invalid_argument("the groups of '" + e.key + "' are not all packed, so its mask is incomplete");
    const std::string index = nlohmann::json{{"format", "colcomb.mask-keys"}, {"keys", keys}}.dump();
    std::vector<double> bytes;
    for (const unsigned char c : index) bytes.push_back(c);
    out.push_back({kMaskKeysMember, {{index.size()}, std::move(bytes), NpyDtype::UInt8}});
    return out;
}

std::vector<std::string> writeMemoryFiles(const std::string& folder, std::span<const LayerFilterMatrix> layers,
                                          std::span<const PackingResult> results, int weightBits)
{
    checkSizes(layers, results);
    if (weightBits < 2 || weightBits > 16) throw std::invalid_argument("weight bits " + std::to_string(weightBits) + " is not in 2..16");
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) throw FileError(folder, "cannot create the folder: " + ec.message());
    std::vector<std::string> written;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        // The quantization the simulated array runs, every filter mapped (row r = filter r).
        const QuantizedLayer p = quantizeForArray(results[i].packed, weightBits, true);
        const PowerOfTwoScale scale = p.scale;
        int alpha = results[i].params.alpha;  // the multiplexer width the cells are built with
        for (const ColumnGroup& g : p.groups) alpha = std::max(alpha, static_cast<int>(g.size()));
        const int selectBits = std::max(1, static_cast<int>(std::bit_width(static_cast<unsigned>(alpha - 1))));
        const int weightDigits = (weightBits + 3) / 4;
        const int selectDigits = (selectBits + 3) / 4;
        std::string weights;
        std::string select;
        for (int r = 0; r < p.rows(); ++r)
            for (int g = 0; g < p.groupCount(); ++g) {
                const std::int32_t q = p.weights(r, g);
                weights += hexWord(static_cast<std::uint32_t>(q) & ((1u << weightBits) - 1), weightDigits) + '\n';
                const int column = p.select(r, g);
                const ColumnGroup& members = p.groups[static_cast<std::size_t>(g)];
                const auto at = std::find(members.begin(), members.end(), column);
                select += hexWord(column < 0 ? 0u : static_cast<std::uint32_t>(at - members.begin()), selectDigits) + '\n';
            }
        const std::string stem = (std::filesystem::path(folder) / fileSafe(layers[i].name)).string();
        const nlohmann::json header = {{"layer", layers[i].name}, {"rows", p.rows()},   {"groups", p.groupCount()},  {"alpha", alpha},
                                       {"weight_bits", weightBits}, {"shift", scale.shift}, {"select_bits", selectBits}, {"columns", p.groups},
                                       {"order", "row-major: filter 0 groups 0..G-1, then filter 1, ..."}};
        writeFileAtomically(stem + ".weights.mem", weights);
        writeFileAtomically(stem + ".select.mem", select);
        writeFileAtomically(stem + ".mem.json", header.dump(1) + "\n");
        written.insert(written.end(), {stem + ".weights.mem", stem + ".select.mem", stem + ".mem.json"});
    }
    return written;
}

std::map<std::string, ColumnGroups> readPackingArchiveGroups(const std::vector<NpzEntry>& entries, const std::string& name)
{
    std::map<std::string, ColumnGroups> out;
    for (const NpzEntry& e : entries) {
        if (!e.key.ends_with("/groups")) continue;
        const std::string layer = e.key.substr(0, e.key.size() - 7);
        if (e.array.shape.size() != 2) throw FileError(name, "'" + e.key + "' is not a groups x alpha array");
        ColumnGroups groups(e.array.shape[0]);
        for (std::size_t g = 0; g < e.array.shape[0]; ++g)
            for (std::size_t k = 0; k < e.array.shape[1]; ++k) {
                const double v = e.array.values[g * e.array.shape[1] + k];
                if (v < -1 || v != static_cast<int>(v)) throw FileError(name, "'" + e.key + "' holds " + std::to_string(v) + ", not a column index or -1");
                if (v >= 0) groups[g].push_back(static_cast<int>(v));
            }
        out[layer] = std::move(groups);
    }
    if (out.empty()) throw FileError(name, "holds no NAME/groups array: not a packing archive");
    return out;
}

} // namespace colcomb
