#include "io/OnnxModel.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/Npy.h"

#include <onnx/onnx_pb.h>
#include <onnx/shape_inference/implementation.h>

#include <algorithm>
#include <bit>
#include <climits>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>

namespace colcomb {

namespace {

namespace fs = std::filesystem;

std::string shapeText(const std::vector<std::size_t>& shape)
{
    std::string s = "[";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

template <typename T>
T loadLittleEndian(const char* p)
{
    T v;
    std::memcpy(&v, p, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) {
        auto* b = reinterpret_cast<unsigned char*>(&v);
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(b[i], b[sizeof(T) - 1 - i]);
    }
    return v;
}

double bfloat16ToDouble(std::uint16_t bits) { return std::bit_cast<float>(static_cast<std::uint32_t>(bits) << 16); }

// Reads the model's tensors: initializers, Constant nodes, external data beside the file.
class TensorReader {
public:
    TensorReader(std::string path) : m_path(std::move(path)), m_folder(fs::path(m_path).parent_path()) {}

    struct Values {
        std::vector<std::size_t> shape;
        std::vector<float> data;
    };

    Values read(const onnx::TensorProto& t, const std::string& name)
    {
        Values v;
        std::size_t count = 1;
        for (const std::int64_t d : t.dims()) {
            if (d < 0) throw problem(name, "has a negative dimension " + std::to_string(d));
            if (d != 0 && count > (std::size_t{1} << 40) / static_cast<std::size_t>(d)) throw problem(name, "is too large");
            v.shape.push_back(static_cast<std::size_t>(d));
            count *= static_cast<std::size_t>(d);
        }
        std::vector<double> values;
        const int type = t.data_type();
        const std::size_t width = elementBytes(type, name);
        if (t.data_location() == onnx::TensorProto_DataLocation_EXTERNAL) {
            values = decode(externalBytes(t, name), type, width, name);
        } else if (t.has_raw_data()) {
            values = decode(t.raw_data(), type, width, name);
        } else if (type == onnx::TensorProto_DataType_FLOAT) {
            values.assign(t.float_data().begin(), t.float_data().end());
        } else if (type == onnx::TensorProto_DataType_DOUBLE) {
            values.assign(t.double_data().begin(), t.double_data().end());
        } else if (type == onnx::TensorProto_DataType_FLOAT16 || type == onnx::TensorProto_DataType_BFLOAT16) {
            for (const std::int32_t bits : t.int32_data()) {
                const auto h = static_cast<std::uint16_t>(bits);
                values.push_back(type == onnx::TensorProto_DataType_FLOAT16 ? halfToDouble(h) : bfloat16ToDouble(h));
            }
        }
        if (values.size() != count)
            throw problem(name, "holds " + std::to_string(values.size()) + " values, its shape " + shapeText(v.shape) + " needs " + std::to_string(count));
        v.data.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const auto f = static_cast<float>(values[i]);
            if (!std::isfinite(f)) throw problem(name, "element " + std::to_string(i) + " is not a finite float32 (" + std::to_string(values[i]) + ")");
            v.data[i] = f;
        }
        return v;
    }

    FileError problem(const std::string& tensor, const std::string& what) const { return FileError(m_path, "tensor '" + tensor + "' " + what); }

private:
    std::size_t elementBytes(int type, const std::string& name) const
    {
        switch (type) {
        case onnx::TensorProto_DataType_FLOAT: return 4;
        case onnx::TensorProto_DataType_DOUBLE: return 8;
        case onnx::TensorProto_DataType_FLOAT16:
        case onnx::TensorProto_DataType_BFLOAT16: return 2;
        default: break;
        }
        const std::string typeName = onnx::TensorProto_DataType_IsValid(type) ? onnx::TensorProto_DataType_Name(static_cast<onnx::TensorProto_DataType>(type))
                                                                               : std::to_string(type);
        throw problem(name, "has data type " + typeName + " (weights must be FLOAT, DOUBLE, FLOAT16 or BFLOAT16)");
    }

    std::vector<double> decode(std::string_view raw, int type, std::size_t width, const std::string& name) const
    {
        if (raw.size() % width != 0) throw problem(name, "has " + std::to_string(raw.size()) + " data bytes, not a whole number of elements");
        std::vector<double> out(raw.size() / width);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const char* p = raw.data() + i * width;
            switch (type) {
            case onnx::TensorProto_DataType_FLOAT: out[i] = loadLittleEndian<float>(p); break;
            case onnx::TensorProto_DataType_DOUBLE: out[i] = loadLittleEndian<double>(p); break;
            case onnx::TensorProto_DataType_FLOAT16: out[i] = halfToDouble(loadLittleEndian<std::uint16_t>(p)); break;
            default: out[i] = bfloat16ToDouble(loadLittleEndian<std::uint16_t>(p)); break;
            }
        }
        return out;
    }

    std::string_view externalBytes(const onnx::TensorProto& t, const std::string& name)
    {
        std::string location;
        std::size_t offset = 0;
        std::optional<std::size_t> length;
        for (const auto& entry : t.external_data()) {
            try {
                if (entry.key() == "location") location = entry.value();
                else if (entry.key() == "offset") offset = std::stoull(entry.value());
                else if (entry.key() == "length") length = std::stoull(entry.value());
            } catch (const std::exception&) {
                throw problem(name, "has external data " + entry.key() + " '" + entry.value() + "', not a whole number");
            }
        }
        if (location.empty()) throw problem(name, "keeps its data in an external file but does not name it");
        const fs::path relative(location);
        if (relative.is_absolute() || std::any_of(relative.begin(), relative.end(), [](const fs::path& part) { return part == ".."; }))
            throw problem(name, "names external data '" + location + "' outside the model's folder");
        auto cached = m_external.find(location);
        if (cached == m_external.end()) {
            const fs::path file = m_folder / relative;
            std::error_code ec;
            if (!fs::is_regular_file(file, ec))
                throw problem(name, "keeps its data in '" + location + "', which is missing (looked for " + file.string() + ")");
            cached = m_external.emplace(location, readWholeFile(file.string())).first;
        }
        const std::string& bytes = cached->second;
        if (offset > bytes.size() || (length && *length > bytes.size() - offset))
            throw problem(name, "reads bytes " + std::to_string(offset) + ".." + std::to_string(offset + length.value_or(0)) + " of '" + location + "', which has "
                                    + std::to_string(bytes.size()));
        return std::string_view(bytes).substr(offset, length.value_or(bytes.size() - offset));
    }

    std::string m_path;
    fs::path m_folder;
    std::map<std::string, std::string> m_external;
};

long long attributeInt(const onnx::NodeProto& node, const std::string& name, long long fallback)
{
    for (const auto& a : node.attribute())
        if (a.name() == name) return a.i();
    return fallback;
}

// Output positions per sample of a node's first output, from inferred shapes: H x W of a conv's
// [N, M, H, W]; the middle dimensions of a MatMul's [N, ..., outputs]; 1 for a Gemm.
long long outputPositions(const onnx::NodeProto& node, const std::map<std::string, const onnx::ValueInfoProto*>& shapes)
{
    if (node.op_type() == "Gemm") return 1;
    if (node.output_size() == 0) return 0;
    const auto it = shapes.find(node.output(0));
    if (it == shapes.end() || !it->second->type().has_tensor_type() || !it->second->type().tensor_type().has_shape()) return 0;
    const auto& dims = it->second->type().tensor_type().shape().dim();
    if (dims.size() < 2) return 0;
    const int first = node.op_type() == "Conv" ? 2 : 1;
    const int end = node.op_type() == "Conv" ? dims.size() : dims.size() - 1;
    long long positions = 1;
    for (int d = first; d < end; ++d) {
        if (!dims[d].has_dim_value() || dims[d].dim_value() <= 0) return 0;
        positions *= dims[d].dim_value();
    }
    return positions;
}

FilterMatrix rowsOf(const TensorReader::Values& w, std::size_t firstRow, std::size_t rows)
{
    const std::size_t cols = w.data.size() / w.shape[0];
    return FilterMatrix(static_cast<int>(rows), static_cast<int>(cols), std::span<const float>(w.data).subspan(firstRow * cols, rows * cols));
}

FilterMatrix transposed(const TensorReader::Values& w)
{
    FilterMatrix m(static_cast<int>(w.shape[1]), static_cast<int>(w.shape[0]));
    for (std::size_t k = 0; k < w.shape[0]; ++k)
        for (std::size_t n = 0; n < w.shape[1]; ++n) m(static_cast<int>(n), static_cast<int>(k)) = w.data[k * w.shape[1] + n];
    return m;
}

} // namespace

// The module's entry point, found by name (OnnxModule.cpp): C linkage keeps the name plain.
extern "C" NetworkFile colcombParseOnnx(std::string_view bytes, const std::string& path)
{
    if (bytes.empty()) throw FileError(path, "file is empty");
    if (bytes.size() > static_cast<std::size_t>(INT_MAX))
        throw FileError(path, "is over 2 GB; export it with external data (torch.onnx.export does so for large models)");
    onnx::ModelProto model;
    if (!model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
        throw FileError(path, "not a readable ONNX model (the protobuf message is malformed or truncated)");
    if (!model.has_graph() || model.ir_version() <= 0)
        throw FileError(path, "not an ONNX model (no graph or IR version)");
    const onnx::GraphProto& graph = model.graph();

    TensorReader reader(path);
    std::map<std::string, const onnx::TensorProto*> constants;
    for (const auto& t : graph.initializer()) constants[t.name()] = &t;
    std::map<std::string, std::string> forwardedFrom;  // Identity: output -> input
    for (const auto& node : graph.node()) {
        if (node.op_type() == "Identity" && node.input_size() == 1 && node.output_size() == 1) forwardedFrom[node.output(0)] = node.input(0);
        if (node.op_type() == "Constant" && node.output_size() == 1)
            for (const auto& a : node.attribute())
                if (a.name() == "value" && a.has_t()) constants[node.output(0)] = &a.t();
    }
    const auto constant = [&](std::string name) -> const onnx::TensorProto* {
        for (int hops = 0; hops <= static_cast<int>(forwardedFrom.size()); ++hops) {
            if (const auto c = constants.find(name); c != constants.end()) return c->second;
            const auto f = forwardedFrom.find(name);
            if (f == forwardedFrom.end()) return nullptr;
            name = f->second;
        }
        return nullptr;  // a cycle of Identity nodes
    };
    // The name the exporting framework gave a weight ("conv1.weight" when torch.onnx.export keeps
    // parameters, do_constant_folding=False), followed through Identity nodes; names torch makes
    // for tensors it computed itself ("onnx::Conv_193", batch norm folded in) are none.
    const auto parameterName = [&](std::string name) -> std::string {
        for (int hops = 0; hops <= static_cast<int>(forwardedFrom.size()); ++hops) {
            if (!name.empty() && !name.starts_with("onnx::") && !name.starts_with("/")) return name;
            const auto f = forwardedFrom.find(name);
            if (f == forwardedFrom.end()) break;
            name = f->second;
        }
        return {};
    };

    // Shapes for the output positions; a model shape inference cannot follow still imports.
    onnx::ModelProto inferred;
    std::map<std::string, const onnx::ValueInfoProto*> shapes;
    try {
        // The graph without the weights' values (shapes need only their dims; a Reshape's int64
        // target shape is kept).
        inferred.set_ir_version(model.ir_version());
        *inferred.mutable_opset_import() = model.opset_import();
        onnx::GraphProto& g = *inferred.mutable_graph();
        *g.mutable_node() = graph.node();
        *g.mutable_input() = graph.input();
        *g.mutable_output() = graph.output();
        for (const auto& t : graph.initializer()) {
            onnx::TensorProto& c = *g.add_initializer();
            if (t.data_type() == onnx::TensorProto_DataType_INT64 && t.data_location() != onnx::TensorProto_DataLocation_EXTERNAL) {
                c = t;
                continue;
            }
            c.set_name(t.name());
            c.set_data_type(t.data_type());
            *c.mutable_dims() = t.dims();
        }
        onnx::shape_inference::InferShapes(inferred);
        for (const auto& v : inferred.graph().value_info()) shapes[v.name()] = &v;
        for (const auto& v : inferred.graph().output()) shapes[v.name()] = &v;
    } catch (const std::exception&) {
        shapes.clear();
    }

    NetworkFile out;
    out.format = "onnx";
    std::set<std::string> names;
    int index = 0;
    for (const auto& node : graph.node()) {
        const std::string& op = node.op_type();
        if (op != "Conv" && op != "Gemm" && op != "MatMul") continue;
        ++index;
        const int weightInput = 1;
        const std::string weightName = node.input_size() > weightInput ? node.input(weightInput) : std::string();
        std::string name = !node.name().empty() ? node.name() : !weightName.empty() ? weightName : op + "_" + std::to_string(index);
        for (int k = 2; names.count(name); ++k) name = (node.name().empty() ? weightName : node.name()) + "#" + std::to_string(k);
        names.insert(name);
        const onnx::TensorProto* weight = weightName.empty() ? nullptr : constant(weightName);
        if (!weight) {
            out.skipped.push_back({name, {}, op + " whose weight '" + weightName + "' is computed in the graph, not a constant"});
            continue;
        }
        const TensorReader::Values w = reader.read(*weight, weightName);
        LayerFilterMatrix layer;
        layer.name = name;
        layer.parameter = parameterName(weightName);
        layer.tensorShape = w.shape;
        layer.vectors = outputPositions(node, shapes);
        if (w.data.empty()) throw reader.problem(weightName, "is empty (shape " + shapeText(w.shape) + ")");
        if (op == "Conv") {
            if (w.shape.size() < 3) throw reader.problem(weightName, "is a Conv weight of shape " + shapeText(w.shape) + " (expected [filters, channels/group, kernel...])");
            const long long groups = attributeInt(node, "group", 1);
            const std::size_t filters = w.shape[0];
            if (groups < 1 || filters % static_cast<std::size_t>(groups) != 0)
                throw FileError(path, "node '" + name + "' has group " + std::to_string(groups) + ", which does not divide its " + std::to_string(filters) + " filters");
            layer.kind = "conv";
            layer.groupCount = static_cast<int>(groups);
            if (groups > 1 && w.shape[1] == 1) {
                layer.kind = "depthwise conv";
                layer.notPacked = "depthwise: each filter reads one channel, so each group's filter matrix has one column and nothing to combine";
                layer.weights = rowsOf(w, 0, filters);  // for its counts: filters x kernel
                layer.layer = out.layers.size();
                out.layers.push_back(std::move(layer));
                continue;
            }
            const std::size_t rowsPerGroup = filters / static_cast<std::size_t>(groups);
            for (long long g = 0; g < groups; ++g) {
                LayerFilterMatrix part = layer;
                if (groups > 1) {
                    part.kind = "grouped conv";
                    part.group = static_cast<int>(g);
                    part.name = name + "[" + std::to_string(g) + "]";
                }
                part.weights = rowsOf(w, static_cast<std::size_t>(g) * rowsPerGroup, rowsPerGroup);
                part.layer = out.layers.size();
                out.layers.push_back(std::move(part));
            }
            continue;
        }
        if (w.shape.size() != 2) throw reader.problem(weightName, "is a " + op + " weight of shape " + shapeText(w.shape) + " (expected 2-D)");
        layer.kind = "fully connected";
        const bool outputsFirst = op == "Gemm" && attributeInt(node, "transB", 0) != 0;
        layer.weights = outputsFirst ? rowsOf(w, 0, w.shape[0]) : transposed(w);
        layer.storedTransposed = !outputsFirst;
        layer.layer = out.layers.size();
        out.layers.push_back(std::move(layer));
    }
    return out;
}

} // namespace colcomb
