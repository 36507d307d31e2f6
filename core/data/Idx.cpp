#include "data/Idx.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"

#include <zlib.h>

namespace colcomb {

std::string gunzip(std::string_view bytes, const std::string& name, std::size_t limit)
{
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) throw FileError(name, "cannot start gzip decompression");
    std::string out;
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    char buffer[1 << 16];
    while (status != Z_STREAM_END) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        status = inflate(&z, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END) {
            inflateEnd(&z);
            throw FileError(name, status == Z_BUF_ERROR ? "truncated gzip data" : "corrupt gzip data");
        }
        out.append(buffer, sizeof buffer - z.avail_out);
        if (out.size() > limit) {
            inflateEnd(&z);
            throw FileError(name, "decompressed data larger than " + std::to_string(limit) + " bytes");
        }
        if (status == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
            inflateEnd(&z);
            throw FileError(name, "truncated gzip data");
        }
    }
    inflateEnd(&z);
    return out;
}

IdxArray parseIdx(std::string_view bytes, const std::string& name)
{
    std::string inflated;
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b) {
        inflated = gunzip(bytes, name);
        bytes = inflated;
    }
    if (bytes.empty()) throw FileError(name, "file is empty");
    if (bytes.size() < 4 || bytes[0] != 0 || bytes[1] != 0) throw FileError(name, "not an IDX file (bad magic number)");
    if (static_cast<unsigned char>(bytes[2]) != 0x08)
        throw FileError(name, "unsupported IDX element type 0x" + std::to_string(static_cast<unsigned char>(bytes[2])) + " (only unsigned bytes, 0x08)");
    const std::size_t rank = static_cast<unsigned char>(bytes[3]);
    if (rank < 1 || rank > 4) throw FileError(name, "IDX rank " + std::to_string(rank) + " (expected 1 to 4)");
    if (bytes.size() < 4 + 4 * rank) throw FileError(name, "truncated header");
    IdxArray a;
    std::size_t count = 1;
    for (std::size_t d = 0; d < rank; ++d) {
        std::size_t n = 0;
        for (int k = 0; k < 4; ++k) n = (n << 8) | static_cast<unsigned char>(bytes[4 + 4 * d + static_cast<std::size_t>(k)]);
        if (n == 0) throw FileError(name, "dimension " + std::to_string(d) + " is 0");
        if (count > (std::size_t{1} << 34) / n) throw FileError(name, "dimensions too large");
        count *= n;
        a.dims.push_back(n);
    }
    const std::size_t start = 4 + 4 * rank;
    if (bytes.size() - start < count)
        throw FileError(name, "truncated data: expected " + std::to_string(count) + " bytes, found " + std::to_string(bytes.size() - start));
    if (bytes.size() - start > count) throw FileError(name, std::to_string(bytes.size() - start - count) + " unexpected bytes after the data");
    a.data.assign(reinterpret_cast<const std::uint8_t*>(bytes.data()) + start, reinterpret_cast<const std::uint8_t*>(bytes.data()) + start + count);
    return a;
}

IdxArray readIdx(const std::string& path) { return parseIdx(readWholeFile(path), path); }

} // namespace colcomb
