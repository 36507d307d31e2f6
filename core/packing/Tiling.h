#pragma once
// Tiles: a matrix larger than the array (R x C cells) is cut into ceil(rows/R) x ceil(cols/C)
// tiles that run one after another. Matrix rows (filters) map to array rows, columns (groups) to
// array columns.
#include <optional>
#include <string>
#include <string_view>

namespace colcomb {

struct ArrayShape {
    int rows = 32;
    int cols = 32;
    bool operator==(const ArrayShape&) const = default;
};

long long tileCount(int matrixRows, int matrixCols, ArrayShape array);

// "32x32" (also "32X32" or "32*32"); nullopt unless both sides are whole numbers >= 1.
std::optional<ArrayShape> parseArrayShape(std::string_view text);
std::string arrayShapeText(ArrayShape array);

} // namespace colcomb
