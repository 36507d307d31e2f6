#include "packing/TileGrid.h"

#include <algorithm>
#include <charconv>

namespace colcomb {

std::string validateArrayShape(ArrayShape a)
{
    if (a.rows < 1 || a.cols < 1) return "the array needs at least 1 x 1 cells (got " + arrayShapeText(a) + ")";
    if (a.rows > kMaxArraySide || a.cols > kMaxArraySide)
        return "the array is limited to " + std::to_string(kMaxArraySide) + " x " + std::to_string(kMaxArraySide) + " cells (got " + arrayShapeText(a) + ")";
    return {};
}

TileGrid::TileGrid(int matrixRows, int matrixCols, ArrayShape array)
    : m_rows(std::max(matrixRows, 0)), m_cols(std::max(matrixCols, 0)), m_array(array),
      m_rowBlocks(m_cols > 0 ? (m_rows + array.rows - 1) / array.rows : 0), m_colBlocks(m_rows > 0 ? (m_cols + array.cols - 1) / array.cols : 0)
{
}

Tile TileGrid::tile(long long index) const
{
    const int rb = static_cast<int>(index / m_colBlocks);
    const int cb = static_cast<int>(index % m_colBlocks);
    const int r0 = rb * m_array.rows;
    const int g0 = cb * m_array.cols;
    return {rb, cb, r0, std::min(m_array.rows, m_rows - r0), g0, std::min(m_array.cols, m_cols - g0)};
}

std::vector<Tile> TileGrid::tiles() const
{
    std::vector<Tile> out;
    out.reserve(static_cast<std::size_t>(count()));
    for (long long i = 0; i < count(); ++i) out.push_back(tile(i));
    return out;
}

long long tileCount(int matrixRows, int matrixCols, ArrayShape array) { return TileGrid(matrixRows, matrixCols, array).count(); }

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
