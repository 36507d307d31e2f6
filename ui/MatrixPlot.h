#pragma once
// A filter matrix as a QCustomPlot colour map: the original layer (columns coloured by the group
// they joined, weights removed by column-combine pruning marked) or the packed layer (one column
// per group). The tile grid of the array is drawn over it; wheel zooms, drag pans, hovering names
// the cell.
#include "LayerDocument.h"

#include <QWidget>

class QCustomPlot;
class QCPColorMap;
class QCPItemRect;
class QCPTextElement;
class QMouseEvent;

namespace colcomb::ui {

enum class CellColouring { Groups, Weights };

class MatrixPlot : public QWidget {
    Q_OBJECT

public:
    enum class Kind { Original, Packed };

    MatrixPlot(Kind kind, QWidget* parent = nullptr);

    void showPacking(const PackingPtr& packing, CellColouring colouring);
    void resetView();
    // Outline the cell that holds this weight of the original matrix (row, original column); a
    // negative row clears the outline.
    void markWeight(int row, int originalColumn);
    QCustomPlot* plot() const { return m_plot; }

signals:
    // The weight under the mouse: its description and where it sits in the original matrix
    // (originalColumn -1 when the cell holds no weight).
    void cellHovered(const QString& description, int row, int originalColumn);
    // A click on a weight (originalColumn -1 when the cell holds none).
    void weightClicked(int row, int originalColumn);

private:
    void fillOriginal(const PackingResult& r, CellColouring colouring);
    void fillPacked(const PackingResult& r, CellColouring colouring);
    void drawTileGrid(int rows, int cols, ArrayShape array);
    void describeCellAt(QMouseEvent* event);
    // The weight under the mouse: (row, original column), column -1 if the cell holds none.
    std::pair<int, int> weightAt(QMouseEvent* event) const;
    QString describeCell(int row, int col) const;

    Kind m_kind;
    QCustomPlot* m_plot;
    QCPColorMap* m_cells;
    QCPColorMap* m_pruned;
    QCPTextElement* m_title;
    QCPItemRect* m_marker = nullptr;
    PackingPtr m_packing;
    std::vector<int> m_groupOfColumn;
};

} // namespace colcomb::ui
