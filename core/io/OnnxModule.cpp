#include "io/OnnxModel.h"

#include "base/AtomicFile.h"
#include "base/LoadableModule.h"

namespace colcomb {

NetworkFile parseOnnx(std::string_view bytes, const std::string& path)
{
    using Parse = NetworkFile (*)(std::string_view, const std::string&);
    const auto parse = reinterpret_cast<Parse>(moduleEntry(COLCOMB_ONNX_MODULE, "colcombParseOnnx", path, "reading ONNX"));
    return parse(bytes, path);
}

NetworkFile readOnnx(const std::string& path) { return parseOnnx(readWholeFile(path), path); }

} // namespace colcomb
