#include "packing/Tiling.h"

#include <charconv>

namespace colcomb {

long long tileCount(int matrixRows, int matrixCols, ArrayShape array)
{
    if (matrixRows <= 0 || matrixCols <= 0) return 0;
    const auto ceilDiv = [](long long a, long long b) { return (a + b - 1) / b; };
    return ceilDiv(matrixRows, array.rows) * ceilDiv(matrixCols, array.cols);
}

std::optional<ArrayShape> parseArrayShape(std::string_view text)
{
    const std::size_t x = text.find_first_of("xX*");
    if (x == std::string_view::npos) return std::nullopt;
    const auto number = [](std::string_view s) -> std::optional<int> {
        int v = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || ptr != s.data() + s.size() || v < 1) return std::nullopt;
        return v;
    };
    const auto r = number(text.substr(0, x));
    const auto c = number(text.substr(x + 1));
    if (!r || !c) return std::nullopt;
    return ArrayShape{*r, *c};
}

std::string arrayShapeText(ArrayShape array) { return std::to_string(array.rows) + "x" + std::to_string(array.cols); }

} // namespace colcomb
