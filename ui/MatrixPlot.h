#pragma once
// A filter matrix as a QCustomPlot colour map: the original layer (columns coloured by the group
// they joined, weights removed by column-combine pruning marked) or the packed layer (one column
// per group). The tile grid of the array is drawn over it; wheel zooms, drag pans, hovering names
// the cell. Only the visible window is drawn: a layer larger than about two million cells shows
// the density of its weights per pixel until zoomed in far enough for single weights, and tile
// lines closer than a few pixels are thinned to every k-th.
#include "LayerDocument.h"
#include "matrix/DensityGrid.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPItemLine;
class QCPItemRect;
class QCPTextElement;
class QMouseEvent;

namespace colcomb::ui {

// Groups: a qualitative colour per column group (Okabe-Ito and tints; they repeat past the palette, which the legend
// says); GroupSize: how many columns the cell's group combines; Weights: the signed weight on a
// diverging map centred on zero. The latter two come with a colour bar.
enum class CellColouring { Groups, GroupSize, Weights };

// A legend line: a swatch and what it stands for (a null colour: a dashed line).
struct LegendEntry {
    QColor colour;
    QString text;
    bool dashed = false;
};

// The qualitative group palette (Okabe-Ito's seven, then their tints, so that neighbouring groups
// contrast, also for colour-blind viewers).
int groupColourCount();
QColor groupColour(int group);
// Every colour the matrix plots draw cells and highlights with (for a GIF's palette).
QList<QRgb> matrixColours();

class MatrixPlot : public QWidget {
    Q_OBJECT

public:
    enum class Kind { Original, Packed };

    MatrixPlot(Kind kind, QWidget* parent = nullptr);
    ~MatrixPlot() override;

    // A null packing shows the empty state (no layer open).
    void showPacking(const PackingPtr& packing, CellColouring colouring);
    // "[64, 32, 3, 3]" when the layer came as a tensor of that shape (shown in the title).
    void setTensorShape(const QString& shape);
    // What the colours mean under the current colouring, for the window's legend and figures.
    QList<LegendEntry> legend() const;
    // True when the cells are drawn as vector rectangles (small matrices) rather than a bitmap.
    bool drawsVectorCells() const;
    // Columns along the x axis: the original's columns or the packed groups (0 with no layer).
    int columnCount() const { return m_packing ? matrixCols() : 0; }
    bool showsColourScale() const;
    // Lays a plot made for a printed figure out for its width in points: fonts in print sizes,
    // fewer ticks, narrow paddings, the title and the axis label wrapped to the width.
    void usePrintLayout(double widthPoints);
    void resetView();
    // Outline the cell that holds this weight of the original matrix (row, original column); a
    // negative row clears the outline.
    void markWeight(int row, int originalColumn);
    // Outlines these original columns (the packed view: their groups) and cells (row, original
    // column): the current step of a packing being stepped through. Empty lists clear them.
    void setHighlight(const std::vector<int>& originalColumns, const std::vector<std::pair<int, int>>& cells);
    QCustomPlot* plot() const { return m_plot; }
    // True while a large layer's densities are being binned off the UI thread.
    bool isBinning() const;
    // True while the view shows weight densities rather than single weights.
    bool isAggregated() const { return m_aggregated; }

signals:
    // The weight under the mouse: its description and where it sits in the original matrix
    // (originalColumn -1 when the cell holds no weight).
    void cellHovered(const QString& description, int row, int originalColumn);
    // A click on a weight (originalColumn -1 when the cell holds none).
    void weightClicked(int row, int originalColumn);

private:
    int matrixCols() const;
    // Redraws what the axes show: the cells of the visible window (or its densities) and the
    // tile lines, after a new packing or a zoom or pan.
    void refill();
    // Densities of a window binned for a plot area, computed on a worker; the newest request wins.
    struct DensityRequest {
        PackingPtr packing;
        MatrixWindow window;
        QSize pixels;
        bool operator==(const DensityRequest&) const = default;
    };
    void requestDensity(const DensityRequest& request);
    void startDensity();
    void onDensityReady();
    // Single weights coloured by group (a qualitative palette) or by signed weight.
    void useCellColouring(const PackingResult& r);
    // A cell to draw: its value under the colouring, or pruned.
    enum class CellState { Kept, Pruned, Pending };
    struct CellValue {
        int col;
        int row;
        double value;
        CellState state;
    };
    double cellValue(int group, float weight) const;
    void fillCells(const std::vector<CellValue>& cells, MatrixWindow w);
    void fillOriginal(const PackingResult& r, MatrixWindow w);
    void fillPacked(const PackingResult& r, MatrixWindow w);
    void fillDensity(const DensityGrid& grid);
    void drawTileGrid();
    // The colour scale beside the plot: shown for GroupSize and Weights.
    void updateColourScale();
    void showEmpty();
    void updateTitle();
    void setTitle(const QString& text);
    void describeCellAt(QMouseEvent* event);
    // The weight under the mouse: (row, original column), column -1 if the cell holds none.
    std::pair<int, int> weightAt(QMouseEvent* event) const;
    QString describeCell(int row, int col) const;

    Kind m_kind;
    QCustomPlot* m_plot;
    QCPColorMap* m_cells;
    QCPColorMap* m_pruned;
    class CellRects* m_rects;  // small matrices: vector cells instead of the two maps
    QCPColorScale* m_scale;
    QString m_tensorShape;
    double m_printWidth = 0.0;  // points; 0: laid out for the screen
    QCPTextElement* m_title;
    QCPItemRect* m_marker;
    QCPItemRect* m_frame;
    std::vector<QCPItemLine*> m_gridLines;
    std::vector<QCPItemRect*> m_highlights;
    QTimer m_refill;  // coalesces the range changes of a wheel turn or a drag
    PackingPtr m_packing;
    CellColouring m_colouring = CellColouring::Groups;
    MatrixWindow m_shown;  // the cells the colour maps hold
    QSize m_shownBins;     // their bin size in cells (columns x rows); empty: nothing shown yet
    bool m_aggregated = false;
    DensityRequest m_densityWanted;   // empty packing: none wanted
    DensityRequest m_densityRunning;
    DensityRequest m_densityShown;
    QFutureWatcher<DensityGrid> m_densityWatcher;
};

} // namespace colcomb::ui
