#include "base/Npy.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"

#include <bit>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <numeric>
#include <optional>

namespace colcomb {

namespace {

constexpr std::string_view kMagic{"\x93NUMPY", 6};

struct DtypeInfo {
    NpyDtype dtype;
    std::size_t size;
    bool bigEndian;
};

std::size_t dtypeSize(NpyDtype d)
{
    switch (d) {
    case NpyDtype::Float32: return 4;
    case NpyDtype::Float64: return 8;
    case NpyDtype::Int8: return 1;
    case NpyDtype::Int16: return 2;
    case NpyDtype::Int32: return 4;
    case NpyDtype::Int64: return 8;
    case NpyDtype::UInt8: return 1;
    case NpyDtype::Bool: return 1;
    case NpyDtype::Float16: return 2;
    }
    return 0;
}

std::string dtypeDescr(NpyDtype d)
{
    switch (d) {
    case NpyDtype::Float32: return "<f4";
    case NpyDtype::Float64: return "<f8";
    case NpyDtype::Int8: return "|i1";
    case NpyDtype::Int16: return "<i2";
    case NpyDtype::Int32: return "<i4";
    case NpyDtype::Int64: return "<i8";
    case NpyDtype::UInt8: return "|u1";
    case NpyDtype::Bool: return "|b1";
    case NpyDtype::Float16: return "<f2";
    }
    return "";
}

// A tiny reader for the Python dict literal in the header: only the three keys NumPy writes.
class HeaderParser {
public:
    HeaderParser(std::string_view text, const std::string& name) : m_text(text), m_name(name) {}

    std::string_view valueOf(std::string_view key) const
    {
        for (char quote : {'\'', '"'}) {
            const std::string quoted = std::string(1, quote) + std::string(key) + quote;
            const std::size_t at = m_text.find(quoted);
            if (at == std::string_view::npos) continue;
            std::size_t p = skipSpace(at + quoted.size());
            if (p >= m_text.size() || m_text[p] != ':') fail("header key '" + std::string(key) + "' has no value");
            return m_text.substr(skipSpace(p + 1));
        }
        fail("header has no '" + std::string(key) + "' entry");
    }

    std::string quotedString(std::string_view v, std::string_view key) const
    {
        if (v.empty() || (v[0] != '\'' && v[0] != '"')) fail("header '" + std::string(key) + "' is not a string");
        const std::size_t end = v.find(v[0], 1);
        if (end == std::string_view::npos) fail("header '" + std::string(key) + "' string is not closed");
        return std::string(v.substr(1, end - 1));
    }

    bool boolean(std::string_view v, std::string_view key) const
    {
        if (v.starts_with("True")) return true;
        if (v.starts_with("False")) return false;
        fail("header '" + std::string(key) + "' is neither True nor False");
    }

    std::vector<std::size_t> tuple(std::string_view v) const
    {
        if (v.empty() || v[0] != '(') fail("header 'shape' is not a tuple");
        const std::size_t end = v.find(')');
        if (end == std::string_view::npos) fail("header 'shape' tuple is not closed");
        std::vector<std::size_t> out;
        std::size_t p = 1;
        while (p < end) {
            p = skipSpaceIn(v, p);
            if (p >= end) break;
            if (!std::isdigit(static_cast<unsigned char>(v[p]))) fail("header 'shape' holds something other than non-negative integers");
            std::size_t n = 0;
            while (p < end && std::isdigit(static_cast<unsigned char>(v[p]))) {
                if (n > (std::numeric_limits<std::size_t>::max() - 9) / 10) fail("header 'shape' dimension is too large");
                n = n * 10 + static_cast<std::size_t>(v[p] - '0');
                ++p;
            }
            out.push_back(n);
            p = skipSpaceIn(v, p);
            if (p < end && v[p] == ',') ++p;
            else if (p < end) fail("header 'shape' is malformed");
        }
        return out;
    }

    [[noreturn]] void fail(const std::string& what) const { throw FileError(m_name, what); }

private:
    std::size_t skipSpace(std::size_t p) const { return skipSpaceIn(m_text, p); }
    static std::size_t skipSpaceIn(std::string_view s, std::size_t p)
    {
        while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
        return p;
    }
    std::string_view m_text;
    const std::string& m_name;
};

DtypeInfo parseDescr(const std::string& descr, const std::string& name)
{
    const auto unsupported = [&] {
        return FileError(name, "unsupported dtype '" + descr + "' (supported: float16, float32, float64, int8, int16, int32, int64, uint8, bool)");
    };
    if (descr.size() != 3) throw unsupported();
    const char order = descr[0];
    if (order != '<' && order != '>' && order != '|' && order != '=') throw unsupported();
    const std::string kind = descr.substr(1);
    std::optional<NpyDtype> dtype;
    if (kind == "f4") dtype = NpyDtype::Float32;
    else if (kind == "f8") dtype = NpyDtype::Float64;
    else if (kind == "i1") dtype = NpyDtype::Int8;
    else if (kind == "i2") dtype = NpyDtype::Int16;
    else if (kind == "i4") dtype = NpyDtype::Int32;
    else if (kind == "i8") dtype = NpyDtype::Int64;
    else if (kind == "u1") dtype = NpyDtype::UInt8;
    else if (kind == "b1") dtype = NpyDtype::Bool;
    else if (kind == "f2") dtype = NpyDtype::Float16;
    if (!dtype) throw unsupported();
    const bool big = order == '>' || (order == '=' && std::endian::native == std::endian::big);
    return {*dtype, dtypeSize(*dtype), big};
}

template <typename T>
T loadScalar(const char* p, bool bigEndian)
{
    unsigned char raw[sizeof(T)];
    std::memcpy(raw, p, sizeof(T));
    if (bigEndian != (std::endian::native == std::endian::big))
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(raw[i], raw[sizeof(T) - 1 - i]);
    T v;
    std::memcpy(&v, raw, sizeof(T));
    return v;
}

// The nearest half (ties to even); exact for every value a half holds.
std::uint16_t doubleToHalf(double v)
{
    const std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
    const double a = std::fabs(v);
    if (std::isnan(v)) return 0x7e00;
    if (a < std::ldexp(1.0, -14)) return static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(std::nearbyint(std::ldexp(a, 24))));  // may round up to the smallest normal
    int exponent = std::ilogb(a);
    double fraction = std::nearbyint(std::ldexp(a, 10 - exponent)) - 1024;
    if (fraction >= 1024) fraction = 0, ++exponent;
    if (exponent > 15) return sign | 0x7c00;  // beyond 65504: infinity, as NumPy rounds
    return static_cast<std::uint16_t>(sign | ((exponent + 15) << 10) | static_cast<int>(fraction));
}

// Calls f with a loader for the dtype, so that the element loop is compiled once per dtype
// rather than switching on it for every element.
template <class F>
void withLoader(const DtypeInfo& info, F&& f)
{
    const bool big = info.bigEndian;
    switch (info.dtype) {
    case NpyDtype::Float32: return f([big](const char* p) { return static_cast<double>(loadScalar<float>(p, big)); });
    case NpyDtype::Float64: return f([big](const char* p) { return loadScalar<double>(p, big); });
    case NpyDtype::Int8: return f([](const char* p) { return static_cast<double>(loadScalar<std::int8_t>(p, false)); });
    case NpyDtype::Int16: return f([big](const char* p) { return static_cast<double>(loadScalar<std::int16_t>(p, big)); });
    case NpyDtype::Int32: return f([big](const char* p) { return static_cast<double>(loadScalar<std::int32_t>(p, big)); });
    case NpyDtype::Int64: return f([big](const char* p) { return static_cast<double>(loadScalar<std::int64_t>(p, big)); });
    case NpyDtype::UInt8: return f([](const char* p) { return static_cast<double>(loadScalar<std::uint8_t>(p, false)); });
    case NpyDtype::Bool: return f([](const char* p) { return loadScalar<std::uint8_t>(p, false) != 0 ? 1.0 : 0.0; });
    case NpyDtype::Float16: return f([big](const char* p) { return halfToDouble(loadScalar<std::uint16_t>(p, big)); });
    }
}

// C-order strides, so an element stored at Fortran-order position f lands at
// sum_d (f_d * cStride[d]) where f_d are its Fortran digits.
std::vector<std::size_t> cStrides(const std::vector<std::size_t>& shape)
{
    std::vector<std::size_t> strides(shape.size(), 1);
    for (std::size_t d = shape.size(); d-- > 1;) strides[d - 1] = strides[d] * shape[d];
    return strides;
}

std::size_t fortranToC(std::size_t f, const std::vector<std::size_t>& shape, const std::vector<std::size_t>& strides)
{
    std::size_t c = 0;
    for (std::size_t d = 0; d < shape.size(); ++d) {
        c += (f % shape[d]) * strides[d];
        f /= shape[d];
    }
    return c;
}


template <typename T>
void storeScalar(std::string& out, T v)
{
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T));
    if constexpr (std::endian::native == std::endian::big)
        for (std::size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(raw[i], raw[sizeof(T) - 1 - i]);
    out.append(raw, sizeof(T));
}

template <typename I>
I saturate(double v)
{
    const double r = std::nearbyint(v);
    // min() is exact in double; max() may not be (int64), so compare with one past it: 2^digits.
    if (!(r >= static_cast<double>(std::numeric_limits<I>::min()))) return std::numeric_limits<I>::min();
    if (r >= std::ldexp(1.0, std::numeric_limits<I>::digits)) return std::numeric_limits<I>::max();
    return static_cast<I>(r);
}

} // namespace

std::size_t NpyArray::count() const
{
    return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

double halfToDouble(std::uint16_t h)
{
    const int exponent = (h >> 10) & 0x1f;
    const int fraction = h & 0x3ff;
    const double sign = (h & 0x8000) ? -1.0 : 1.0;
    if (exponent == 0) return sign * std::ldexp(fraction, -24);  // zero and subnormals
    if (exponent == 31) return fraction ? std::numeric_limits<double>::quiet_NaN() : sign * std::numeric_limits<double>::infinity();
    return sign * std::ldexp(1024 + fraction, exponent - 25);
}

std::string npyDtypeName(NpyDtype dtype)
{
    switch (dtype) {
    case NpyDtype::Float32: return "float32";
    case NpyDtype::Float64: return "float64";
    case NpyDtype::Int8: return "int8";
    case NpyDtype::Int16: return "int16";
    case NpyDtype::Int32: return "int32";
    case NpyDtype::Int64: return "int64";
    case NpyDtype::UInt8: return "uint8";
    case NpyDtype::Bool: return "bool";
    case NpyDtype::Float16: return "float16";
    }
    return "?";
}

std::string npyShapeText(std::span<const std::size_t> shape)
{
    std::string s = "(";
    for (std::size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + (shape.size() == 1 ? ",)" : ")");
}

NpyArray parseNpy(std::string_view bytes, const std::string& name)
{
    if (bytes.empty()) throw FileError(name, "file is empty");
    if (bytes.size() < 10 || bytes.substr(0, 6) != kMagic) throw FileError(name, "not a .npy file (bad magic bytes)");
    const int major = static_cast<unsigned char>(bytes[6]);
    const int minor = static_cast<unsigned char>(bytes[7]);
    if (major < 1 || major > 3)
        throw FileError(name, "unsupported .npy format version " + std::to_string(major) + "." + std::to_string(minor));
    const std::size_t lengthBytes = major == 1 ? 2 : 4;
    if (bytes.size() < 8 + lengthBytes) throw FileError(name, "truncated header");
    std::size_t headerLength = 0;
    for (std::size_t i = 0; i < lengthBytes; ++i)
        headerLength |= static_cast<std::size_t>(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    const std::size_t dataStart = 8 + lengthBytes + headerLength;
    if (dataStart > bytes.size()) throw FileError(name, "truncated header (declares " + std::to_string(headerLength) + " bytes)");
    const std::string_view header = bytes.substr(8 + lengthBytes, headerLength);

    const HeaderParser parser(header, name);
    const DtypeInfo info = parseDescr(parser.quotedString(parser.valueOf("descr"), "descr"), name);
    const bool fortran = parser.boolean(parser.valueOf("fortran_order"), "fortran_order");
    NpyArray array;
    array.dtype = info.dtype;
    array.shape = parser.tuple(parser.valueOf("shape"));
    if (array.shape.size() > 32) throw FileError(name, "array has " + std::to_string(array.shape.size()) + " dimensions (NumPy allows 32)");

    std::size_t count = 1;
    for (std::size_t d : array.shape) {
        if (d != 0 && count > std::numeric_limits<std::size_t>::max() / d / info.size)
            throw FileError(name, "shape " + npyShapeText(array.shape) + " is too large");
        count *= d;
    }
    const std::size_t need = count * info.size;
    const std::size_t have = bytes.size() - dataStart;
    if (have < need)
        throw FileError(name, "truncated data: shape " + npyShapeText(array.shape) + " of " + npyDtypeName(info.dtype) + " needs "
                                  + std::to_string(need) + " bytes, file has " + std::to_string(have));
    if (have > need) throw FileError(name, std::to_string(have - need) + " unexpected bytes after the data");

    array.values.resize(count);
    const std::vector<std::size_t> strides = cStrides(array.shape);
    const char* data = bytes.data() + dataStart;
    withLoader(info, [&](auto load) {
        for (std::size_t i = 0; i < count; ++i) {
            const double v = load(data + i * info.size);
            if (!std::isfinite(v))
                throw FileError(name, std::string(std::isnan(v) ? "NaN" : "infinity") + " at element " + std::to_string(i)
                                          + " (weights must be finite)");
            if (info.dtype == NpyDtype::Int64 && std::fabs(v) > 9007199254740992.0)  // 2^53: beyond it a double skips integers
                throw FileError(name, "int64 element " + std::to_string(i) + " is beyond 2^53 and cannot be held exactly");
            array.values[fortran ? fortranToC(i, array.shape, strides) : i] = v;
        }
    });
    return array;
}

NpyArray readNpy(const std::string& path) { return parseNpy(readWholeFile(path), path); }

std::string serializeNpy(const NpyArray& array)
{
    std::string header = "{'descr': '" + dtypeDescr(array.dtype) + "', 'fortran_order': False, 'shape': "
                         + npyShapeText(array.shape) + ", }";
    // NumPy pads the header with spaces so the data starts on a 64-byte boundary.
    const bool v1 = header.size() + 1 + 10 <= 65535;
    const std::size_t prefix = v1 ? 10 : 12;
    header.append((64 - (prefix + header.size() + 1) % 64) % 64, ' ');
    header.push_back('\n');

    std::string out(kMagic);
    out.push_back(static_cast<char>(v1 ? 1 : 2));
    out.push_back(0);
    for (std::size_t i = 0; i < prefix - 8; ++i) out.push_back(static_cast<char>((header.size() >> (8 * i)) & 0xff));
    out += header;
    out.reserve(out.size() + array.values.size() * dtypeSize(array.dtype));
    for (double v : array.values) {
        switch (array.dtype) {
        case NpyDtype::Float32: storeScalar(out, static_cast<float>(v)); break;
        case NpyDtype::Float64: storeScalar(out, v); break;
        case NpyDtype::Int8: storeScalar(out, saturate<std::int8_t>(v)); break;
        case NpyDtype::Int16: storeScalar(out, saturate<std::int16_t>(v)); break;
        case NpyDtype::Int32: storeScalar(out, saturate<std::int32_t>(v)); break;
        case NpyDtype::Int64: storeScalar(out, saturate<std::int64_t>(v)); break;
        case NpyDtype::UInt8: storeScalar(out, saturate<std::uint8_t>(v)); break;
        case NpyDtype::Bool: storeScalar(out, static_cast<std::uint8_t>(v != 0.0)); break;
        case NpyDtype::Float16: storeScalar(out, doubleToHalf(v)); break;
        }
    }
    return out;
}

void writeNpy(const std::string& path, const NpyArray& array) { writeFileAtomically(path, serializeNpy(array)); }

} // namespace colcomb
