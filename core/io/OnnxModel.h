#pragma once
// ONNX models (as torch.onnx.export writes them) read through libonnx's protobuf classes.
//
// Layers: Conv (weight [M, C/G, kh, kw]; G = 1 one filter matrix M x C*kh*kw; a grouped conv one
// matrix per group, named "name[g]"; a depthwise conv, one input channel per group, is listed
// and not packed), Gemm (weight B, transB honoured) and MatMul with a constant 2-D weight (the
// filter matrix is outputs x inputs). Weights are initializers or Constant nodes, possibly reached
// through Identity nodes (torch names folded weights "onnx::Conv_193" and forwards them). A
// layer is named by its node ("/layer1/layer1.0/conv1/Conv"), else by its weight. Tensors in
// external data files are read from beside the .onnx file. Output positions per sample (for
// cycle counts) come from ONNX shape inference when the model's input has a fixed shape.
//
// The reader (OnnxModel.cpp) is the module libcolcomb_onnx.so, loaded when the first ONNX file is
// read (OnnxModule.cpp, base/LoadableModule.h).
#include "io/NetworkFile.h"

#include <string>
#include <string_view>

namespace colcomb {

// `path` names the file in errors and locates external data (its folder).
NetworkFile parseOnnx(std::string_view bytes, const std::string& path);
NetworkFile readOnnx(const std::string& path);

} // namespace colcomb
