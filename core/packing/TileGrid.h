#pragma once
// Tiles: a matrix larger than the array (R x C cells) is cut into ceil(rows/R) x ceil(cols/C)
// tiles that run one after another. Matrix rows (filters) map to array rows, columns (groups of
// a packed matrix, columns of an unpacked one) to array columns. This is the one statement of that
// geometry: the metrics count tiles here, the simulator and the latency model run these tiles in
// this order, and the views find the tile of a cell here.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

// The array's size in cells, everywhere one is needed (packing parameters, ArrayConfig).
struct ArrayShape {
    int rows = 32;
    int cols = 32;
    bool operator==(const ArrayShape&) const = default;
};

// The largest array side the studio and the simulator accept.
inline constexpr int kMaxArraySide = 4096;

// Empty when 1 <= rows, cols <= kMaxArraySide, else the problem.
std::string validateArrayShape(ArrayShape array);

struct Tile {
    int rowBlock = 0;
    int colBlock = 0;
    int firstRow = 0;
    int rows = 0;
    int firstGroup = 0;  // first matrix column (a group, on a packed matrix)
    int groups = 0;
};

class TileGrid {
public:
    TileGrid(int matrixRows, int matrixCols, ArrayShape array);

    int rowBlocks() const { return m_rowBlocks; }
    int colBlocks() const { return m_colBlocks; }
    long long count() const { return static_cast<long long>(m_rowBlocks) * m_colBlocks; }
    // Row blocks outer, column blocks inner: the tiles of one output row block run back to back
    // so their partial sums accumulate.
    Tile tile(long long index) const;
    std::vector<Tile> tiles() const;
    // The index of the tile holding matrix cell (row, col), and where in the array it sits.
    long long tileOf(int row, int col) const { return static_cast<long long>(row / m_array.rows) * m_colBlocks + col / m_array.cols; }
    int arrayRowOf(int row) const { return row % m_array.rows; }
    int arrayColOf(int col) const { return col % m_array.cols; }

private:
    int m_rows, m_cols;
    ArrayShape m_array;
    int m_rowBlocks, m_colBlocks;
};

long long tileCount(int matrixRows, int matrixCols, ArrayShape array);

// "32x32" (also "32X32" or "32*32"); nullopt unless both sides are whole numbers >= 1.
std::optional<ArrayShape> parseArrayShape(std::string_view text);
std::string arrayShapeText(ArrayShape array);

} // namespace colcomb
