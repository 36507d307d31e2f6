#include "io/NetworkFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/FileName.h"
#include "base/ZipArchive.h"
#include "io/MatrixFile.h"
#include "io/Npz.h"
#include "io/OnnxModel.h"
#include "io/ScaleSimTopology.h"
#include "io/TrainedGroupsFile.h"
#include "matrix/RandomMatrix.h"
#include "training/ModelFile.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <numeric>
#include <stdexcept>

namespace colcomb {

namespace {

NetworkFile fromNpz(const std::string& path)
{
    const std::vector<NpzEntry> entries = readNpz(path);
    std::vector<std::vector<float>> values;
    std::vector<WeightTensor> tensors;
    for (const NpzEntry& e : entries) {
        std::vector<float>& v = values.emplace_back(e.array.values.begin(), e.array.values.end());
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!std::isfinite(v[i])) throw FileError(path, "array '" + e.key + "' element " + std::to_string(i) + " does not fit in float32");
        tensors.push_back({e.key, e.array.shape, v});
    }
    try {
        NetworkFile out = networkFromTensors(tensors);
        out.format = "npz";
        return out;
    } catch (const std::invalid_argument& e) {
        throw FileError(path, e.what());
    }
}

NetworkFile fromTopology(const std::string& path, std::string_view text, const NetworkImportOptions& options)
{
    NetworkFile out;
    out.format = "scale-sim topology";
    const std::vector<TopologyLayer> layers = parseScaleSimTopology(text, path);
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const TopologyLayer& t = layers[i];
        LayerFilterMatrix l;
        l.layer = i;
        l.name = t.name;
        l.kind = "conv";
        l.tensorShape = {std::size_t(t.filters), std::size_t(t.channels), std::size_t(t.filterHeight), std::size_t(t.filterWidth)};
        l.vectors = t.outputPositions();
        l.weights = randomSparseMatrix(t.filters, t.channels * t.filterHeight * t.filterWidth, options.syntheticDensity, options.seed + i);
        out.layers.push_back(std::move(l));
    }
    return out;
}

// One layer, named by the file.
NetworkFile fromWeightsFile(const std::string& path, const char* format)
{
    WeightsFile w = readWeightsFile(path);
    LayerFilterMatrix l;
    l.name = std::filesystem::path(path).stem().string();
    l.kind = w.tensorShape.size() == 4 ? "conv" : "matrix";
    l.weights = std::move(w.matrix);
    l.tensorShape = std::move(w.tensorShape);
    NetworkFile out;
    out.format = format;
    out.layers.push_back(std::move(l));
    return out;
}

NetworkFile fromModel(const std::string& path, std::string_view bytes)
{
    NetworkFile out;
    out.format = "colcomb model";
    out.layers = trainedFilterMatrices(parseModel(bytes, path));
    return out;
}

} // namespace

FilterMatrix weightMatrix(const WeightTensor& tensor)
{
    const std::size_t count = std::accumulate(tensor.shape.begin(), tensor.shape.end(), std::size_t{1}, std::multiplies<>());
    if (tensor.shape.empty() || tensor.shape.size() > 4)
        throw std::invalid_argument("'" + tensor.name + "' has " + std::to_string(tensor.shape.size()) + " dimensions: a weight has 1 to 4");
    if (count != tensor.values.size())
        throw std::invalid_argument("'" + tensor.name + "' has " + std::to_string(tensor.values.size()) + " values for its shape " + npyShapeText(tensor.shape));
    for (std::size_t i = 0; i < count; ++i)
        if (!std::isfinite(tensor.values[i])) throw std::invalid_argument("'" + tensor.name + "' element " + std::to_string(i) + " is not finite");
    try {
        return FilterMatrix::fromTensor(tensor.shape, tensor.values);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("'" + tensor.name + "': " + e.what());
    }
}

NetworkFile networkFromTensors(std::span<const WeightTensor> tensors)
{
    NetworkFile out;
    out.format = "tensors";
    for (const WeightTensor& t : tensors) {
        const std::size_t rank = t.shape.size();
        const bool empty = std::find(t.shape.begin(), t.shape.end(), std::size_t{0}) != t.shape.end();
        if ((rank != 2 && rank != 4) || empty) {
            out.skipped.push_back({t.name, t.shape, empty ? "empty" : rank == 1 ? "1-D (a bias or batch-norm vector)" : std::to_string(rank) + "-D, not a 2-D or 4-D weight"});
            continue;
        }
        LayerFilterMatrix l;
        l.layer = out.layers.size();
        l.name = t.name;
        l.parameter = t.name;
        l.kind = rank == 4 ? "conv" : "matrix";
        l.tensorShape = t.shape;
        l.weights = weightMatrix(t);
        l.description = l.name + ": " + describeLayer(l);
        out.layers.push_back(std::move(l));
    }
    return out;
}

std::vector<std::size_t> NetworkFile::packable() const
{
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (layers[i].notPacked.empty() && !layers[i].weights.isEmpty()) out.push_back(i);
    return out;
}

NetworkFile readNetworkFile(const std::string& path, const NetworkImportOptions& options)
{
    if (!(options.syntheticDensity > 0.0 && options.syntheticDensity <= 1.0))
        throw std::invalid_argument("synthetic density " + std::to_string(options.syntheticDensity) + " is not in (0, 1]");
    const std::string ext = lowerExtension(path);
    NetworkFile out;
    if (ext == ".onnx") {
        out = readOnnx(path);
    } else if (ext == ".npz") {
        out = fromNpz(path);
    } else if (ext == ".npy") {
        out = fromWeightsFile(path, "npy");
    } else {
        const std::string bytes = readWholeFile(path);
        if (ext == ".csv" && looksLikeScaleSimTopology(bytes)) {
            out = fromTopology(path, bytes, options);
        } else if (ext == ".csv") {
            out = fromWeightsFile(path, "csv");
        } else if (ext == ".json" || ext == ".zip" || looksLikeZip(bytes)) {
            out = fromModel(path, bytes);
        } else {
            throw FileError(path, "unknown file type '" + ext + "' (expected .onnx, .npz, .npy, .csv, or a colcomb model .zip/.json)");
        }
    }
    for (LayerFilterMatrix& l : out.layers)
        if (l.description.empty()) l.description = l.name + ": " + describeLayer(l);
    if (out.layers.empty()) {
        std::string problem = "has no convolution or fully connected layer";
        if (!out.skipped.empty()) problem += ", only " + std::to_string(out.skipped.size()) + " other tensors";
        throw FileError(path, problem);
    }
    // A PyTorch model's trained groups, kept beside it (a colcomb model holds its own).
    if (out.format != "colcomb model") {
        const std::string groups = trainedGroupsPath(path);
        std::error_code ec;
        if (std::filesystem::is_regular_file(groups, ec)) applyTrainedGroups(out, parseTrainedGroups(readWholeFile(groups), groups), groups);
    }
    return out;
}

std::string describeLayer(const LayerFilterMatrix& l)
{
    std::string shape;
    for (std::size_t i = 0; i < l.tensorShape.size(); ++i) {
        if (i) shape += 'x';
        shape += std::to_string(l.tensorShape[i]);
    }
    std::string text = l.kind;
    if (l.group >= 0) text += " (group " + std::to_string(l.group + 1) + " of " + std::to_string(l.groupCount) + ')';
    if (!l.weights.isEmpty()) text += ' ' + std::to_string(l.weights.rows()) + " x " + std::to_string(l.weights.cols());
    if (!shape.empty() && l.tensorShape.size() != 2) text += " [" + shape + "]";
    if (!l.notPacked.empty()) text += ", not packed";
    return text;
}

std::size_t findLayer(const NetworkFile& network, const std::string& name)
{
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < network.layers.size(); ++i) {
        if (network.layers[i].name == name) return i;
        const LayerFilterMatrix& l = network.layers[i];
        if (l.name.ends_with(name) || l.parameter == name || shortLayerName(l) == name) hits.push_back(i);
    }
    if (hits.size() == 1) return hits[0];
    std::string list;
    for (std::size_t k = 0; k < std::min<std::size_t>(hits.empty() ? network.layers.size() : hits.size(), 8); ++k) {
        if (k) list += ", ";
        list += network.layers[hits.empty() ? k : hits[k]].name;
    }
    if (hits.empty()) throw std::invalid_argument("no layer named '" + name + "' (layers: " + list + (network.layers.size() > 8 ? ", ..." : "") + ")");
    throw std::invalid_argument("'" + name + "' matches " + std::to_string(hits.size()) + " layers (" + list + (hits.size() > 8 ? ", ..." : "") + "); give more of the name");
}

} // namespace colcomb
