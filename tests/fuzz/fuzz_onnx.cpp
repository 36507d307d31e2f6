// Any bytes: parseOnnx either throws FileError or returns layers whose matrices match their
// tensors' shapes. The path points into a folder that does not exist, so external data is never
// read from the machine.
#include "FuzzMutation.h"
#include "FuzzTarget.h"
#include "../support/OnnxBuilder.h"
#include "base/FileError.h"
#include "io/OnnxModel.h"

#include <cstdint>
#include <cstdlib>
#include <numeric>

std::vector<std::string> colcombFuzzSeeds()
{
    colcomb::test::OnnxBuilder b(0.5);
    b.conv("/c/Conv", "w1", {4, 2, 3, 3}, 1);
    b.conv("/g/Conv", "w2", {4, 2, 1, 1}, 2);
    b.conv("/d/Conv", "w3", {4, 1, 3, 3}, 4);
    b.identity("onnx::Gemm_7", "w4");
    b.gemm("/fc/Gemm", "onnx::Gemm_7", {3, 4}, true);
    b.matmul("/m/MatMul", "w5", {4, 2});
    return {b.bytes()};
}

// Most inputs are fresh models of one to four layers of each kind the importer reads (grouped
// convolutions, Identity-forwarded and Constant weights, Gemm with and without transB, MatMul);
// the rest are valid models with one protobuf field changed: a dimension, a group, an operator,
// the data type, or a raw-data length.
std::string colcombFuzzMutate(const std::string& valid, colcomb::SplitMix64& rng)
{
    if (rng.below(3) != 0) {
        colcomb::test::OnnxBuilder b(0.1 + 0.9 * rng.uniform());
        const auto size = [&] { return static_cast<std::int64_t>(1 + rng.below(6)); };
        for (int layer = 0, layers = 1 + rng.below(4); layer < layers; ++layer) {
            const std::string id = std::to_string(layer);
            switch (rng.below(5)) {
            case 0: {
                const std::int64_t group = 1 + rng.below(3);
                const std::int64_t k = 1 + 2 * rng.below(2);
                b.conv("/conv" + id + "/Conv", "conv" + id + ".weight", {group * size(), size(), k, k}, static_cast<int>(group));
                break;
            }
            case 1: b.identity("onnx::Gemm_" + id, "fc" + id + ".weight"); b.gemm("/fc" + id + "/Gemm", "onnx::Gemm_" + id, {size(), size()}, rng.below(2) == 0); break;
            case 2: b.constantNode("const" + id, {size(), size(), 1, 1}); b.conv("/pw" + id + "/Conv", "const" + id, {0, 0, 1, 1}, 1); break;
            case 3: b.matmul("/mm" + id + "/MatMul", "mm" + id, {size(), size()}); break;
            default: b.gemm("/g" + id + "/Gemm", "g" + id, {size(), size()}, true); break;
            }
        }
        return b.bytes();
    }
    onnx::ModelProto model;
    if (!model.ParseFromString(valid) || model.graph().initializer_size() == 0 || model.graph().node_size() == 0) return colcomb::fuzz::editBytes(valid, rng);
    onnx::TensorProto& t = *model.mutable_graph()->mutable_initializer(rng.below(model.graph().initializer_size()));
    onnx::NodeProto& n = *model.mutable_graph()->mutable_node(rng.below(model.graph().node_size()));
    switch (rng.below(5)) {
    case 0: if (t.dims_size() > 0) t.set_dims(rng.below(t.dims_size()), static_cast<std::int64_t>(colcomb::fuzz::nearbyNumber(static_cast<double>(t.dims(0)), rng))); break;
    case 1: if (n.attribute_size() > 0) n.mutable_attribute(0)->set_i(rng.below(5)); break;
    case 2: n.set_op_type(rng.below(2) == 0 ? "Conv" : "Relu"); break;
    case 3: t.set_data_type(rng.below(17)); break;
    default: if (t.raw_data().size() >= 4) t.mutable_raw_data()->resize(t.raw_data().size() - 4); break;
    }
    return model.SerializeAsString();
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::NetworkFile n;
    try {
        n = colcomb::parseOnnx({reinterpret_cast<const char*>(data), size}, "/nonexistent-colcomb-fuzz/fuzz.onnx");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    ++colcombFuzzAccepted();
    for (const colcomb::LayerFilterMatrix& l : n.layers) {
        COLCOMB_FUZZ_CHECK(!l.tensorShape.empty());
        const std::size_t count = std::accumulate(l.tensorShape.begin(), l.tensorShape.end(), std::size_t{1}, std::multiplies<>());
        const std::size_t cells = static_cast<std::size_t>(l.weights.rows()) * static_cast<std::size_t>(l.weights.cols());
        COLCOMB_FUZZ_CHECK(cells * static_cast<std::size_t>(l.group >= 0 ? l.groupCount : 1) == count);
    }
    return 0;
}
