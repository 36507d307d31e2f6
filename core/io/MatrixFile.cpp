#include "io/MatrixFile.h"

#include "base/AtomicFile.h"
#include "io/Csv.h"
#include "base/FileError.h"
#include "base/FileName.h"
#include "base/Npy.h"

#include <cmath>

namespace colcomb {

namespace {

[[noreturn]] void unknownExtension(const std::string& path)
{
    throw FileError(path, "unknown file type '" + lowerExtension(path) + "' (expected .npy or .csv)");
}

} // namespace

void checkWeightShape(std::span<const std::size_t> shape, const std::string& name)
{
    if (shape.empty()) throw FileError(name, "0-dimensional array (a single number), expected 1 to 4 dimensions");
    if (shape.size() > 4) throw FileError(name, "array has " + std::to_string(shape.size()) + " dimensions, expected 1 to 4");
    for (std::size_t d : shape)
        if (d == 0) throw FileError(name, "array is empty (shape " + npyShapeText(shape) + ")");
}

WeightsFile readWeightsFile(const std::string& path)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".csv") {
        FilterMatrix m = readCsvMatrix(path);
        const std::vector<std::size_t> shape{static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
        return {std::move(m), shape};
    }
    if (ext != ".npy") unknownExtension(path);
    const NpyArray array = readNpy(path);
    checkWeightShape(array.shape, path);
    std::vector<float> values(array.values.begin(), array.values.end());
    for (std::size_t i = 0; i < values.size(); ++i)
        if (!std::isfinite(values[i]))
            throw FileError(path, "element " + std::to_string(i) + " does not fit in float32");
    try {
        return {FilterMatrix::fromTensor(array.shape, values), array.shape};
    } catch (const std::invalid_argument& e) {
        throw FileError(path, e.what());
    }
}

FilterMatrix loadFilterMatrix(const std::string& path) { return readWeightsFile(path).matrix; }

void saveFilterMatrix(const std::string& path, const FilterMatrix& m)
{
    const std::string ext = lowerExtension(path);
    if (ext == ".csv") return writeFileAtomically(path, serializeCsv(m));
    if (ext != ".npy") unknownExtension(path);
    NpyArray array;
    array.dtype = NpyDtype::Float32;
    array.shape = {static_cast<std::size_t>(m.rows()), static_cast<std::size_t>(m.cols())};
    array.values.assign(m.weights().data(), m.weights().data() + m.weights().size());
    writeNpy(path, array);
}

} // namespace colcomb
