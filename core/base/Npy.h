#pragma once
// NumPy .npy files (format versions 1.0, 2.0 and 3.0), the way weights leave PyTorch/NumPy.
// Values are held as double in C order whatever the stored dtype, since every supported dtype
// (float16/32/64, int8/16/32/64, uint8, bool) is exactly representable in double (int64 values
// beyond 2^53 are refused rather than rounded).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

enum class NpyDtype { Float32, Float64, Int8, Int16, Int32, Int64, UInt8, Bool, Float16 };

struct NpyArray {
    std::vector<std::size_t> shape;
    std::vector<double> values;  // C (row-major) order
    NpyDtype dtype = NpyDtype::Float32;

    std::size_t count() const;
};

std::string npyDtypeName(NpyDtype dtype);
// IEEE 754 half precision (1 sign, 5 exponent, 10 fraction bits), exactly.
double halfToDouble(std::uint16_t h);
// As NumPy prints it: "(64, 32, 3, 3)", "(5,)", "()".
std::string npyShapeText(std::span<const std::size_t> shape);

// Parse bytes; `name` is the file name used in error messages. Throws FileError on anything
// malformed: magic, version, header, dtype, shape, truncated or trailing data, NaN or infinity.
// Any rank is accepted (0-D scalars and empty arrays too, as state dicts hold them); what a
// weight may be is the reader's business (io/MatrixFile.h).
NpyArray parseNpy(std::string_view bytes, const std::string& name);
NpyArray readNpy(const std::string& path);

// Little-endian, C order, version 1.0 (2.0 when the header would not fit). Values that the dtype
// cannot hold exactly are rounded (integers saturate); writes atomically.
std::string serializeNpy(const NpyArray& array);
void writeNpy(const std::string& path, const NpyArray& array);

} // namespace colcomb
