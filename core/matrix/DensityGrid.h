#pragma once
// A window of a matrix seen from afar: the share of occupied cells in each bin of binRows x binCols
// cells. A layer larger than the screen (a 2048 x 18432 convolution has 38 M cells) is drawn this
// way, one value per pixel, instead of one value per weight, which would cost gigabytes and show
// nothing more; zoomed in far enough, the bins are single cells again.
#include <algorithm>
#include <vector>

namespace colcomb {

struct MatrixWindow {
    int row0 = 0, col0 = 0;
    int rows = 0, cols = 0;
    bool operator==(const MatrixWindow&) const = default;
};

struct DensityGrid {
    MatrixWindow window;
    int binRows = 1, binCols = 1;  // cells per bin
    int rows = 0, cols = 0;        // bins
    std::vector<float> density;    // row-major, rows x cols, each in [0, 1]

    float at(int binRow, int binCol) const { return density[static_cast<std::size_t>(binRow) * cols + binCol]; }
};

// The smallest bins that give at most maxBinRows x maxBinCols bins over the window.
// `occupied(row, col)` says whether a cell counts (a nonzero weight, a filled packed cell).
template <typename Occupied>
DensityGrid densityGrid(MatrixWindow window, int maxBinRows, int maxBinCols, Occupied occupied)
{
    DensityGrid g;
    g.window = window;
    g.binRows = std::max(1, (window.rows + maxBinRows - 1) / std::max(maxBinRows, 1));
    g.binCols = std::max(1, (window.cols + maxBinCols - 1) / std::max(maxBinCols, 1));
    g.rows = (window.rows + g.binRows - 1) / g.binRows;
    g.cols = (window.cols + g.binCols - 1) / g.binCols;
    std::vector<int> counts(static_cast<std::size_t>(g.rows) * g.cols, 0);
    for (int r = 0; r < window.rows; ++r) {
        int* binRow = counts.data() + static_cast<std::size_t>(r / g.binRows) * g.cols;
        for (int bc = 0; bc < g.cols; ++bc) {
            const int end = std::min(window.cols, (bc + 1) * g.binCols);
            int n = 0;
            for (int c = bc * g.binCols; c < end; ++c) n += occupied(window.row0 + r, window.col0 + c) ? 1 : 0;
            binRow[bc] += n;
        }
    }
    g.density.resize(counts.size());
    for (int br = 0; br < g.rows; ++br)
        for (int bc = 0; bc < g.cols; ++bc) {
            const int cells = (std::min(window.rows, (br + 1) * g.binRows) - br * g.binRows) * (std::min(window.cols, (bc + 1) * g.binCols) - bc * g.binCols);
            const std::size_t i = static_cast<std::size_t>(br) * g.cols + bc;
            g.density[i] = static_cast<float>(counts[i]) / static_cast<float>(cells);
        }
    return g;
}

} // namespace colcomb
