#pragma once
// Helpers shared by the test suites.
#include "base/FileError.h"

#include <cstdint>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace colcomb::test {

// The FileError message `f` throws, or "(no error)".
inline std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const FileError& e) {
        return e.what();
    }
    return "(no error)";
}

// IDX bytes (unsigned-byte elements).
inline std::string idxBytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data, std::uint8_t type = 0x08)
{
    std::string out{0, 0, static_cast<char>(type), static_cast<char>(dims.size())};
    for (std::uint32_t d : dims)
        for (int k = 3; k >= 0; --k) out.push_back(static_cast<char>((d >> (8 * k)) & 0xff));
    out.append(data.begin(), data.end());
    return out;
}

// A tiny MNIST-format data set in `folder`: 8 x 8 images of 4 classes, class = the bright
// quadrant, `train` training and `test` test images.
inline void writeTinyMnist(const std::string& folder, int train, int test)
{
    const auto write = [&](const std::string& stem, int n) {
        std::vector<std::uint8_t> pixels;
        std::vector<std::uint8_t> labels;
        for (int i = 0; i < n; ++i) {
            labels.push_back(static_cast<std::uint8_t>(i % 4));
            for (int p = 0; p < 64; ++p) {
                const bool bright = (p / 32) * 2 + (p % 8) / 4 == i % 4;
                pixels.push_back(static_cast<std::uint8_t>(bright ? 200 + (i * 7 + p) % 55 : (i * 13 + p) % 60));
            }
        }
        std::ofstream(folder + "/" + stem + "-images-idx3-ubyte", std::ios::binary)
            << idxBytes({static_cast<std::uint32_t>(n), 8, 8}, pixels);
        std::ofstream(folder + "/" + stem + "-labels-idx1-ubyte", std::ios::binary) << idxBytes({static_cast<std::uint32_t>(n)}, labels);
    };
    write("train", train);
    write("t10k", test);
}

} // namespace colcomb::test
