#pragma once
// IDX files, the MNIST family's format (raw or gzip-compressed): a magic number naming the
// element type and rank, big-endian dimensions, then the elements. Only unsigned bytes (type
// 0x08), which every MNIST-family data set uses.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct IdxArray {
    std::vector<std::size_t> dims;
    std::vector<std::uint8_t> data;
};

// Throws FileError naming the file and the problem (magic, type, rank, size, gzip stream).
IdxArray parseIdx(std::string_view bytes, const std::string& name);
IdxArray readIdx(const std::string& path);

// Inflates a gzip stream; `name` is for messages. Refuses output over `limit` bytes.
std::string gunzip(std::string_view bytes, const std::string& name, std::size_t limit = std::size_t{1} << 30);

} // namespace colcomb
