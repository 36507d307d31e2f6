#include "CellRects.h"

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

CellRects::CellRects(QCPAxis* keyAxis, QCPAxis* valueAxis) : QCPAbstractPlottable(keyAxis, valueAxis)
{
    setSelectable(QCP::stNone);
    setAntialiasedFill(false);  // neighbouring cells meet without a seam
}

void CellRects::setCells(std::vector<CellRect> cells) { m_cells = std::move(cells); }

double CellRects::selectTest(const QPointF&, bool, QVariant*) const { return -1.0; }  // hovering is the plot's business

QCPRange CellRects::getKeyRange(bool& foundRange, QCP::SignDomain) const
{
    foundRange = !m_cells.empty();
    if (!foundRange) return {};
    const auto [lo, hi] = std::minmax_element(m_cells.begin(), m_cells.end(), [](const CellRect& a, const CellRect& b) { return a.col < b.col; });
    return {lo->col - 0.5, hi->col + 0.5};
}

QCPRange CellRects::getValueRange(bool& foundRange, QCP::SignDomain, const QCPRange&) const
{
    foundRange = !m_cells.empty();
    if (!foundRange) return {};
    const auto [lo, hi] = std::minmax_element(m_cells.begin(), m_cells.end(), [](const CellRect& a, const CellRect& b) { return a.row < b.row; });
    return {lo->row - 0.5, hi->row + 0.5};
}

void CellRects::draw(QCPPainter* painter)
{
    applyFillAntialiasingHint(painter);  // off: QCPPainter shifts antialiased drawing by half a pixel
    painter->setPen(Qt::NoPen);
    const QRectF clip = clipRect();
    for (const CellRect& c : m_cells) {
        const QPointF a = coordsToPixels(c.col - 0.5, c.row - 0.5);
        const QPointF b = coordsToPixels(c.col + 0.5, c.row + 0.5);
        QRectF r = QRectF(a, b).normalized();
        if (!r.intersects(clip)) continue;
        // On screen, cell edges on whole pixels: neighbouring cells meet without a hairline. A
        // vector export keeps the exact coordinates.
        if (!painter->modes().testFlag(QCPPainter::pmVectorized)) r = QRectF(QPointF(std::round(r.left()), std::round(r.top())), QPointF(std::round(r.right()), std::round(r.bottom())));
        painter->fillRect(r, c.colour);
    }
}

void CellRects::drawLegendIcon(QCPPainter* painter, const QRectF& rect) const
{
    painter->fillRect(rect, m_cells.empty() ? QColor(Qt::gray) : m_cells.front().colour);
}

} // namespace colcomb::ui
