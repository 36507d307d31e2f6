// Any bytes: parseOnnx either throws FileError or returns layers whose matrices match their
// tensors' shapes. The path points into a folder that does not exist, so external data is never
// read from the machine.
#include "FuzzSeeds.h"
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

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    colcomb::NetworkFile n;
    try {
        n = colcomb::parseOnnx({reinterpret_cast<const char*>(data), size}, "/nonexistent-colcomb-fuzz/fuzz.onnx");
    } catch (const colcomb::FileError&) {
        return 0;
    }
    for (const colcomb::LayerFilterMatrix& l : n.layers) {
        if (l.tensorShape.empty()) std::abort();
        const std::size_t count = std::accumulate(l.tensorShape.begin(), l.tensorShape.end(), std::size_t{1}, std::multiplies<>());
        const std::size_t cells = static_cast<std::size_t>(l.weights.rows()) * static_cast<std::size_t>(l.weights.cols());
        if (cells * static_cast<std::size_t>(l.group >= 0 ? l.groupCount : 1) != count) std::abort();
    }
    return 0;
}
