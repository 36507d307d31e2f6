#pragma once
// Zip archives in memory, through libzip: the container of .npz files (NumPy's savez, stored, and
// savez_compressed, deflated) and of our model files. Whole archives are read and written at
// once; every caller's archive fits in memory. The libzip side (ZipArchive.cpp) is the module
// libcolcomb_zip.so, loaded when the first archive is read or written (ZipModule.cpp,
// base/LoadableModule.h).
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct ZipMember {
    std::string name;
    std::string bytes;
};

// True when the bytes start like a zip archive (a local file header or an empty archive's end).
bool looksLikeZip(std::string_view bytes);

// Throws FileError(name, ...) for anything libzip refuses (not a zip, truncated, bad CRC, an
// unsupported compression) and for members whose declared size is not what they hold.
std::vector<ZipMember> parseZip(std::string_view bytes, const std::string& name);
std::vector<ZipMember> readZip(const std::string& path);

// How members are written: stored; deflated at zlib's fastest level (arrays of a few distinct
// values, such as 0/1 masks, shrink almost as much, several times faster); or at its default level.
enum class ZipCompression { Store, Fast, Small };

// Members in the given order.
std::string serializeZip(const std::vector<ZipMember>& members, ZipCompression compression = ZipCompression::Small);

} // namespace colcomb
