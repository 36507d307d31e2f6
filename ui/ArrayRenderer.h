#pragma once
// Draws the array at the trace's current cycle: one square per cell coloured by what it does this
// cycle; with room, the weight, select index, selected data and partial sums in numbers, the
// vectors entering at the top and the results leaving at the right. The studio's Array view and
// the animation export paint with this same code.
#include "systolic/LayerTrace.h"

#include <QList>
#include <QPoint>
#include <QRgb>
#include <QRect>
#include <QRectF>
#include <QString>

class QPainter;

namespace colcomb::ui {

void paintArray(QPainter& painter, const QRect& area, const LayerTrace& trace, QPoint selectedCell);
// The cell under `pos` (x = array column, y = array row), or (-1, -1).
QPoint arrayCellAt(const QRect& area, const LayerTrace& trace, QPoint pos);
// Where cell (x = array column, y = array row) is drawn; the selection outline stays inside it.
QRectF arrayCellRect(const QRect& area, const LayerTrace& trace, QPoint cell);

QString phaseCaption(Phase phase);
// What each colour means, as HTML: one entry per state, each entry kept whole when it wraps.
QString arrayLegendHtml();
// The colours paintArray uses, besides the white background and the greys of antialiased text.
QList<QRgb> arrayColours();
// What one cell holds and does this cycle, in words.
QString describeArrayCell(const LayerTrace& trace, int row, int col);

} // namespace colcomb::ui
