#pragma once
// Matrix cells as filled rectangles, one per weight: a QCustomPlot plottable that exports to SVG
// and PDF as vector shapes (a colour map is always a bitmap there). Meant for small matrices, up
// to a few thousand cells; larger ones are drawn as colour maps.
#include <qcustomplot.h>

#include <vector>

namespace colcomb::ui {

struct CellRect {
    int col = 0;
    int row = 0;
    QColor colour;
};

class CellRects : public QCPAbstractPlottable {
public:
    CellRects(QCPAxis* keyAxis, QCPAxis* valueAxis);

    void setCells(std::vector<CellRect> cells);
    const std::vector<CellRect>& cells() const { return m_cells; }

    double selectTest(const QPointF& pos, bool onlySelectable, QVariant* details = nullptr) const override;
    QCPRange getKeyRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth) const override;
    QCPRange getValueRange(bool& foundRange, QCP::SignDomain inSignDomain = QCP::sdBoth, const QCPRange& inKeyRange = QCPRange()) const override;

protected:
    void draw(QCPPainter* painter) override;
    void drawLegendIcon(QCPPainter* painter, const QRectF& rect) const override;

private:
    std::vector<CellRect> m_cells;
};

} // namespace colcomb::ui
