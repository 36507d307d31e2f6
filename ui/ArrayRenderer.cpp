#include "ArrayRenderer.h"

#include <QFontMetricsF>
#include <QImage>
#include <QPainter>

#include <algorithm>

namespace colcomb::ui {

namespace {

// The colours the array is drawn with; arrayColours() lists them for the GIF export's palette.
// Okabe and Ito's colour-blind-safe palette (as the figures use), lightened where numbers are
// written on the cell: no two states differ only in red against green.
const QColor kMutedText(150, 150, 150);
const QColor kArrivingBits(230, 159, 0);     // orange
const QColor kPsumText(166, 54, 3);
const QColor kDataPassing(190, 225, 246);    // sky blue, light
const QColor kSelection(204, 121, 167);      // reddish purple
const QColor kEmptyCell(232, 232, 232);
const QColor kEmptyLoading(238, 238, 238);
const QColor kPsumPassing(236, 200, 222);    // reddish purple, light
const QColor kWeightLoading(240, 228, 66);   // yellow
const QColor kIdleCell(255, 255, 255);
const QColor kText(30, 30, 30);
const QColor kMac(0, 158, 115);              // bluish green
const QColor kLabelText(60, 60, 60);
const QColor kDataText(0, 82, 140);
const QColor* const kColours[] = {&kMutedText, &kArrivingBits, &kPsumText, &kDataPassing, &kSelection, &kEmptyCell, &kEmptyLoading, &kPsumPassing, &kWeightLoading, &kIdleCell, &kText, &kMac, &kLabelText, &kDataText};

constexpr double kDetailedCell = 46.0;  // below this many pixels a cell shows colour only

struct Geometry {
    QRectF grid;
    double cell = 0.0;
    bool detailed = false;

    QRectF cellRect(int r, int c) const { return {grid.left() + c * cell, grid.top() + r * cell, cell, cell}; }
};

Geometry geometryFor(const QRect& area, const ArrayConfig& config)
{
    // Room around the grid for the labels of inputs (top), filters (left) and results (right).
    const double fit = std::min((area.width() - 16.0) / config.shape.cols, (area.height() - 16.0) / config.shape.rows);
    const bool detailed = fit >= kDetailedCell + 20.0;
    const double top = detailed ? 44.0 : 8.0;
    const double left = detailed ? 44.0 : 8.0;
    const double right = detailed ? 120.0 : 8.0;
    Geometry g;
    g.cell = std::max(1.0, std::min((area.width() - left - right) / config.shape.cols, (area.height() - top - 8.0) / config.shape.rows));
    g.detailed = detailed && g.cell >= kDetailedCell;
    const double w = g.cell * config.shape.cols;
    const double h = g.cell * config.shape.rows;
    g.grid = QRectF(area.left() + left + (area.width() - left - right - w) / 2.0, area.top() + top + (area.height() - top - 8.0 - h) / 2.0, w, h);
    return g;
}

QColor cellColour(const CellState& c, const LayerTrace& trace)
{
    if (trace.phase() == Phase::WeightLoad) return c.select >= 0 ? kWeightLoading : kEmptyLoading;
    if (c.useful) return kMac;
    if (c.vector >= 0 && c.select >= 0) return kArrivingBits;  // bit-serial: bits still arriving
    if (c.vector >= 0) return kDataPassing;                    // data passing an empty cell
    if (c.psumVector >= 0) return kPsumPassing;                // only a partial sum passing
    return c.select >= 0 ? kIdleCell : kEmptyCell;
}

// Coloured numbers on a coloured cell (dark orange on the MAC green) read poorly: they sit on a
// white backing just large enough for them (opaque, so the GIF palette holds its colour).
void drawBackedText(QPainter& p, const QRectF& inner, Qt::Alignment align, const QString& text, const QColor& colour)
{
    const QRectF box = p.boundingRect(inner, static_cast<int>(align), text).adjusted(-2, 0, 2, 0).intersected(inner.adjusted(-3, 0, 3, 0));
    p.fillRect(box, kIdleCell);
    p.setPen(colour);
    p.drawText(inner, static_cast<int>(align), text);
}

void paintDetailedCell(QPainter& p, const QRectF& r, const CellState& c, int beat)
{
    const QFont base = p.font();
    QFont small = base;
    small.setPointSizeF(std::clamp(r.height() / 8.0, 6.0, 14.0));
    QFont bold = small;
    bold.setBold(true);
    const QRectF inner = r.adjusted(4, 2, -4, -2);
    p.setPen(kText);
    p.setFont(bold);
    p.drawText(inner, Qt::AlignLeft | Qt::AlignTop, c.select >= 0 ? QString("w %1").arg(c.weight) : QString("-"));
    p.setFont(small);
    if (c.select >= 0) p.drawText(inner, Qt::AlignRight | Qt::AlignTop, QString("c%1").arg(c.select));
    if (c.vector >= 0) {
        const QString data = c.select < 0 ? QString("t%1").arg(c.vector)
                             : beat > 1    ? QString("t%1 b%2: %3").arg(c.vector).arg(c.bit).arg(c.data)
                                           : QString("x=%1 (t%2)").arg(c.data).arg(c.vector);
        drawBackedText(p, inner, Qt::AlignHCenter | Qt::AlignVCenter, data, kDataText);
    }
    if (c.psumVector >= 0) drawBackedText(p, inner, Qt::AlignHCenter | Qt::AlignBottom, QString("%1 > %2").arg(c.psumIn).arg(c.psumOut), kPsumText);
    p.setFont(base);
}

void paintEdgeLabels(QPainter& p, const Geometry& g, const LayerTrace& trace)
{
    const Tile tile = trace.tile();
    const ArrayConfig& config = trace.config();
    QFont f = p.font();
    f.setPointSizeF(std::clamp(g.cell / 9.0, 7.0, 11.0));
    p.setFont(f);
    for (int c = 0; c < config.shape.cols && c < tile.groups; ++c) {
        const ColumnGroup& group = trace.layer().groups[static_cast<std::size_t>(tile.firstGroup + c)];
        QStringList channels;
        for (int ch : group) channels << QString::number(ch);
        const QRectF above(g.grid.left() + c * g.cell, g.grid.top() - 42, g.cell, 20);
        p.setPen(kLabelText);
        // The group and its columns when they fit over the cell; else its size; else only its
        // name, elided: labels never run into their neighbours. A selected cell's description names its columns.
        const QFontMetricsF metrics(p.font());
        const QString name = QString("g%1").arg(tile.firstGroup + c);
        QString label = QString("%1 {%2}").arg(name, channels.join(','));
        if (metrics.horizontalAdvance(label) > g.cell - 4) label = QString("%1 (%2 cols)").arg(name).arg(group.size());
        if (metrics.horizontalAdvance(label) > g.cell - 4) label = metrics.elidedText(name, Qt::ElideRight, g.cell - 4);
        p.drawText(above, Qt::AlignCenter, label);
        const CellState top = trace.cell(0, c);
        if (top.vector >= 0) {
            p.setPen(kDataText);
            p.drawText(above.translated(0, 20), Qt::AlignCenter, QString::fromUtf8("t%1 \u2193").arg(top.vector));
        }
    }
    for (int r = 0; r < config.shape.rows && r < tile.rows; ++r) {
        const QRectF left(g.grid.left() - 42, g.grid.top() + r * g.cell, 38, g.cell);
        p.setPen(kLabelText);
        p.drawText(left, Qt::AlignRight | Qt::AlignVCenter, QString("f%1").arg(trace.layer().rowIndex[static_cast<std::size_t>(tile.firstRow + r)]));
        const CellState out = trace.cell(r, config.shape.cols - 1);
        if (out.psumVector >= 0) {
            const QRectF right(g.grid.right() + 4, g.grid.top() + r * g.cell, 116, g.cell);
            p.setPen(kPsumText);
            p.drawText(right, Qt::AlignLeft | Qt::AlignVCenter, QString::fromUtf8("\u2192 %1 (t%2)").arg(out.psumOut).arg(out.psumVector));
        }
    }
}

} // namespace

void paintArray(QPainter& p, const QRect& area, const LayerTrace& trace, QPoint selected)
{
    const ArrayConfig& config = trace.config();
    const Geometry g = geometryFor(area, config);
    p.fillRect(area, Qt::white);
    if (g.detailed) {
        p.setRenderHint(QPainter::Antialiasing, false);
        for (int r = 0; r < config.shape.rows; ++r)
            for (int c = 0; c < config.shape.cols; ++c) {
                const CellState cell = trace.cell(r, c);
                const QRectF rect = g.cellRect(r, c);
                p.fillRect(rect, cellColour(cell, trace));
                p.setPen(kMutedText);
                p.drawRect(rect);
                paintDetailedCell(p, rect, cell, config.beat());
            }
        paintEdgeLabels(p, g, trace);
    } else {
        // One pixel per cell, scaled up: fast enough for 128 x 128 at 60 frames a second.
        QImage image(config.shape.cols, config.shape.rows, QImage::Format_RGB32);
        for (int r = 0; r < config.shape.rows; ++r) {
            auto* line = reinterpret_cast<QRgb*>(image.scanLine(r));
            for (int c = 0; c < config.shape.cols; ++c) line[c] = cellColour(trace.cell(r, c), trace).rgb();
        }
        p.drawImage(g.grid, image);
        p.setPen(kMutedText);
        p.drawRect(g.grid);
    }
    if (selected.x() >= 0 && selected.y() >= 0 && selected.x() < config.shape.cols && selected.y() < config.shape.rows) {
        // Inside the cell: a pen centred on the cell's edge would cover the input label above row 0.
        const double width = std::max(2.0, g.cell / 14.0);
        p.setPen(QPen(kSelection, width, Qt::SolidLine, Qt::SquareCap, Qt::MiterJoin));
        p.setBrush(Qt::NoBrush);
        p.drawRect(g.cellRect(selected.y(), selected.x()).adjusted(width / 2, width / 2, -width / 2, -width / 2));
    }
}

QRectF arrayCellRect(const QRect& area, const LayerTrace& trace, QPoint cell)
{
    return geometryFor(area, trace.config()).cellRect(cell.y(), cell.x());
}

QPoint arrayCellAt(const QRect& area, const LayerTrace& trace, QPoint pos)
{
    const Geometry g = geometryFor(area, trace.config());
    if (!g.grid.contains(pos)) return {-1, -1};
    return {std::min(trace.config().shape.cols - 1, static_cast<int>((pos.x() - g.grid.left()) / g.cell)),
            std::min(trace.config().shape.rows - 1, static_cast<int>((pos.y() - g.grid.top()) / g.cell))};
}

QString arrayLegendHtml()
{
    const auto entry = [](const QColor& c, const char* text) {
        return QString("<span style='color:%1'>&#9632;</span>&nbsp;%2").arg(c.name(), QString(text).replace(" ", "&nbsp;"));
    };
    return QStringList{entry(kWeightLoading, "weight loading"), entry(kMac, "MAC this cycle"), entry(kArrivingBits, "bits arriving (bit&#8209;serial)"),
                       entry(kDataPassing, "data passing"), entry(kPsumPassing, "partial sum passing"), entry(kEmptyCell, "empty cell")}
        .join(" &nbsp; ");
}

QList<QRgb> arrayColours()
{
    QList<QRgb> out;
    for (const QColor* c : kColours) out.push_back(c->rgb());
    return out;
}

QString phaseCaption(Phase phase)
{
    switch (phase) {
    case Phase::WeightLoad:
        return "Weight load: the packed weights and their select indices shift into the array from the top, one row per cycle. "
               "Each cell keeps its weight for the whole tile (weight-stationary).";
    case Phase::Fill:
        return "Fill: input vectors enter each array column from the top, one cycle later per column; partial sums start at the left "
               "edge, one cycle later per row, so a vector's data and its partial sum meet in every cell.";
    case Phase::Steady:
        return "Steady state: every cell's multiplexer picks, from the channels its column carries, the one its weight belongs to; "
               "the cell adds weight x data to the partial sum passing through.";
    case Phase::Drain:
        return "Drain: no new inputs; the last partial sums move to the right edge and leave as results.";
    case Phase::Done:
        return "Done: every result of the layer has left the array.";
    }
    return {};
}

QString describeArrayCell(const LayerTrace& trace, int row, int col)
{
    const Tile tile = trace.tile();
    const CellState c = trace.cell(row, col);
    QString text = QString("Cell (%1, %2): ").arg(row).arg(col);
    if (row >= tile.rows || col >= tile.groups) return text + "not used by this tile; partial sums pass through unchanged.";
    const int filter = trace.layer().rowIndex[static_cast<std::size_t>(tile.firstRow + row)];
    const int group = tile.firstGroup + col;
    if (c.select >= 0) text += QString("weight %1 of filter f%2 for input channel c%3 (group g%4). ").arg(c.weight).arg(filter).arg(c.select).arg(group);
    else text += QString("no weight (filter f%1 has none in group g%2). ").arg(filter).arg(group);
    if (trace.phase() == Phase::WeightLoad) return text + "Its weight is being shifted in.";
    if (c.vector < 0 && c.psumVector < 0) return text + "Idle this cycle.";
    if (c.vector >= 0) {
        const ColumnGroup& channels = trace.layer().groups[static_cast<std::size_t>(group)];
        QStringList bus;
        for (int ch : channels) bus << QString("c%1 = %2").arg(ch).arg(trace.inputs()(c.vector, ch));
        text += QString("Its column carries vector t%1, the values of input channels %2").arg(c.vector).arg(bus.join(", "));
        if (c.select >= 0) {
            text += trace.config().beat() > 1 ? QString("; the multiplexer selects channel c%1, whose bit %2 is %3").arg(c.select).arg(c.bit).arg(c.data)
                                              : QString("; the multiplexer selects channel c%1, whose value is %2").arg(c.select).arg(c.data);
        }
        text += ". ";
    }
    if (c.psumVector >= 0) {
        text += c.useful ? QString("Partial sum of vector t%1: %2 + %3 x %4 = %5.").arg(c.psumVector).arg(c.psumIn).arg(c.weight).arg(trace.inputs()(c.psumVector, c.select)).arg(c.psumOut)
                         : QString("Partial sum of vector t%1 passes: %2.").arg(c.psumVector).arg(c.psumOut);
    }
    return text;
}

} // namespace colcomb::ui
