#include "FigureExport.h"

#include "io/Workspace.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;

// A caption's text and swatches: on screen in pixels, in print in points (a paper column is 252
// points wide, so the screen's sizes would take half of it).
struct CaptionStyle {
    double pointSize;
    double line;    // height of one line of text
    double margin;  // left and right
    double swatch;
};
constexpr CaptionStyle kScreenCaption{9.5, 22.0, 12.0, 12.0};
constexpr CaptionStyle kPrintCaption{6.5, 9.0, 4.0, 6.0};

QFont captionFont(const CaptionStyle& style)
{
    QFont font;
    font.setPointSizeF(style.pointSize);
    return font;
}

// A device that measures text as it will be drawn: print figures are laid out in points (72 dpi),
// screen figures at the screen's 96.
const QPaintDevice* measuringDevice(bool print)
{
    static const QImage screen = [] {
        QImage image(1, 1, QImage::Format_RGB32);
        image.setDotsPerMeterX(static_cast<int>(std::lround(96.0 / 0.0254)));
        image.setDotsPerMeterY(image.dotsPerMeterX());
        return image;
    }();
    static const QImage points = [] {
        QImage image(1, 1, QImage::Format_RGB32);
        image.setDotsPerMeterX(static_cast<int>(std::lround(72.0 / 0.0254)));
        image.setDotsPerMeterY(image.dotsPerMeterX());
        return image;
    }();
    return print ? &points : &screen;
}

// One placed piece of a caption: a swatch (a colour, maybe a dashed line) or words.
struct CaptionPiece {
    QRectF box;
    QColor colour;
    bool dashed = false;
    QString text;  // empty: a swatch
    QColor textColour = Qt::black;
};

struct CaptionLayout {
    QList<CaptionPiece> pieces;
    double height = 0.0;
};

// The legend's entries fill rows left to right, an entry (its swatches and its words) never split
// between rows, and words too long for a row wrap inside their own box; the parameters follow,
// wrapped to the width.
CaptionLayout layoutCaption(const FigureCaption& caption, const CaptionStyle& style, double width, bool print)
{
    CaptionLayout out;
    if (caption.isEmpty()) return out;
    const QFontMetricsF metrics(captionFont(style), const_cast<QPaintDevice*>(measuringDevice(print)));
    const double usable = std::max(width - 2 * style.margin, 1.0);
    const double gap = style.swatch * 0.4;
    double y = style.line * 0.3;
    double x = style.margin;
    double rowBottom = y + style.line;
    QList<LegendEntry> swatches;  // of the entry being gathered
    for (const LegendEntry& e : caption.legend) {
        swatches.append(e);
        if (e.text.isEmpty()) continue;  // swatches that share the next entry's words
        double swatchWidth = 0;
        for (const LegendEntry& s : swatches) swatchWidth += (s.dashed ? style.swatch * 1.7 : style.swatch) + gap;
        const double textWidth = metrics.horizontalAdvance(e.text) + 1.0;
        if (x > style.margin && x + swatchWidth + textWidth > style.margin + usable) {
            x = style.margin;
            y = rowBottom;
        }
        for (const LegendEntry& s : swatches) {
            const double w = s.dashed ? style.swatch * 1.7 : style.swatch;
            out.pieces.append({QRectF(x, y + (style.line - style.swatch) / 2, w, style.swatch), s.colour, s.dashed, {}});
            x += w + gap;
        }
        const double room = style.margin + usable - x;
        const QRectF needed = metrics.boundingRect(QRectF(0, 0, std::max(room, 1.0), 1e5), Qt::TextWordWrap, e.text);
        const double boxWidth = std::min(textWidth, std::max(room, 1.0));
        const double boxHeight = std::max(style.line, std::ceil(needed.height() / metrics.lineSpacing()) * metrics.lineSpacing());
        out.pieces.append({QRectF(x, y, boxWidth, boxHeight), {}, false, e.text});
        rowBottom = std::max(rowBottom, y + boxHeight);
        x += boxWidth + style.swatch * 1.5;
        swatches.clear();
    }
    if (!caption.legend.isEmpty()) y = rowBottom;
    if (!caption.parameters.isEmpty()) {
        const QRectF needed = metrics.boundingRect(QRectF(0, 0, usable, 1e5), Qt::TextWordWrap, caption.parameters);
        const double h = std::max(style.line, std::ceil(needed.height() / metrics.lineSpacing()) * metrics.lineSpacing() + (style.line - metrics.lineSpacing()));
        out.pieces.append({QRectF(style.margin, y, usable, h), {}, false, caption.parameters, QColor(60, 60, 60)});
        y += h;
    }
    out.height = y + style.line * 0.3;
    return out;
}

void paintCaption(QCPPainter& painter, const CaptionLayout& layout, const CaptionStyle& style, double top)
{
    painter.setFont(captionFont(style));
    for (const CaptionPiece& p : layout.pieces) {
        const QRectF box = p.box.translated(0, top);
        if (!p.text.isEmpty()) {
            painter.setPen(p.textColour);
            painter.drawText(box, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, p.text);
        } else if (p.dashed) {
            painter.setPen(QPen(p.colour, style.swatch / 8, Qt::DashLine));
            painter.drawLine(QLineF(box.left(), box.center().y(), box.right(), box.center().y()));
        } else {
            painter.fillRect(box, p.colour);
        }
    }
}

// How a figure meets its file: on screen, logical units are pixels and a PNG has twice as many;
// in print they are points, the PNG and the PDF page have the exact physical size.
struct Medium {
    double pngScale = 2.0;
    bool inPoints = false;
    QSizeF sizeMm;  // print: the figure's size
    int dpi = 0;    // print: the PNG's resolution
    const CaptionStyle& captionStyle() const { return inPoints ? kPrintCaption : kScreenCaption; }
};

void paintFigure(QCPPainter& painter, const QList<QCustomPlot*>& plots, QSize each, const CaptionLayout& caption, const CaptionStyle& style)
{
    for (int i = 0; i < plots.size(); ++i) {
        painter.save();
        painter.translate(i * each.width(), 0);
        plots[i]->toPainter(&painter, each.width(), each.height());
        painter.restore();
    }
    paintCaption(painter, caption, style, each.height());
}

// The print page in points, and each plot's share of it above the caption.
struct PrintPage {
    QSizeF mm;
    QSize points;
    QSize each;
    CaptionLayout caption;
};

PrintPage printPage(int plotCount, const PrintSize& size, const FigureCaption& caption)
{
    PrintPage page;
    page.mm = QSizeF(size.widthMm, size.heightMm > 0 ? size.heightMm : size.widthMm * 0.75);
    page.points = QSize(static_cast<int>(std::lround(page.mm.width() * kPointsPerMm)), static_cast<int>(std::lround(page.mm.height() * kPointsPerMm)));
    page.caption = layoutCaption(caption, kPrintCaption, page.points.width(), true);
    const int n = std::max(plotCount, 1);
    page.each = QSize(page.points.width() / n, page.points.height() - static_cast<int>(std::ceil(page.caption.height)));
    return page;
}

} // namespace

QFontMetricsF printFontMetrics(const QFont& font) { return QFontMetricsF(font, const_cast<QPaintDevice*>(measuringDevice(true))); }

double printPlotWidth(const PrintSize& size, int plotCount) { return printPage(plotCount, size, {}).each.width(); }

QString wrapText(const QString& text, const QFontMetricsF& metrics, double width)
{
    QStringList out;
    for (const QString& line : text.split('\n')) {
        QString current;
        for (const QString& word : line.split(' ', Qt::SkipEmptyParts)) {
            const QString longer = current.isEmpty() ? word : current + ' ' + word;
            if (!current.isEmpty() && metrics.horizontalAdvance(longer) > width) {
                out << current;
                current = word;
            } else {
                current = longer;
            }
        }
        out << current;
    }
    return out.join('\n');
}

QImage renderFigure(const QList<QCustomPlot*>& plots, QSize size, const FigureCaption& caption)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    if (plots.isEmpty()) return image;
    const CaptionLayout layout = layoutCaption(caption, kScreenCaption, size.width(), false);
    QCPPainter painter(&image);
    paintFigure(painter, plots, QSize(size.width() / static_cast<int>(plots.size()), size.height() - static_cast<int>(std::ceil(layout.height))), layout,
                kScreenCaption);
    return image;
}

namespace {

// Lays the plots out at `each` logical units.
QString writeFigure(const QList<QCustomPlot*>& plots, QSize each, const Medium& medium, const QString& path, const FigureCaption& caption)
{
    if (plots.isEmpty() || each.isEmpty()) return path + ": nothing to export";
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int width = each.width() * static_cast<int>(plots.size());
    const CaptionLayout layout = layoutCaption(caption, medium.captionStyle(), width, medium.inPoints);
    const QSize total(width, each.height() + static_cast<int>(std::ceil(layout.height)));
    QSaveFile file(path);
    if (suffix != "png" && suffix != "svg" && suffix != "pdf")
        return path + ": unknown figure type '" + suffix + "' (use .png, .svg or .pdf)";
    if (!file.open(QIODevice::WriteOnly)) return path + ": cannot write: " + file.errorString();

    if (suffix == "png") {
        QSize pixels(static_cast<int>(std::lround(total.width() * medium.pngScale)), static_cast<int>(std::lround(total.height() * medium.pngScale)));
        if (medium.inPoints)
            pixels = QSize(static_cast<int>(std::lround(medium.sizeMm.width() / 25.4 * medium.dpi)), static_cast<int>(std::lround(medium.sizeMm.height() / 25.4 * medium.dpi)));
        QImage image(pixels, QImage::Format_ARGB32);
        // Laid out in points, fonts in points too: the image claims 72 dpi while it is painted,
        // and its true resolution after.
        const auto setDpi = [&image](double dpi) {
            image.setDotsPerMeterX(static_cast<int>(std::lround(dpi / 0.0254)));
            image.setDotsPerMeterY(image.dotsPerMeterX());
        };
        setDpi(medium.inPoints ? 72.0 : 96.0);
        image.fill(Qt::white);
        QCPPainter painter(&image);
        painter.scale(static_cast<double>(pixels.width()) / total.width(), static_cast<double>(pixels.height()) / total.height());
        paintFigure(painter, plots, each, layout, medium.captionStyle());
        painter.end();
        if (medium.inPoints) setDpi(medium.dpi);
        if (!image.save(&file, "PNG")) return path + ": PNG encoding failed";
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(total);
        svg.setViewBox(QRect(QPoint(0, 0), total));
        svg.setResolution(medium.inPoints ? 72 : 96);
        svg.setTitle("ColComb Studio figure");
        QCPPainter painter(&svg);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, plots, each, layout, medium.captionStyle());
    } else {
        QPdfWriter pdf(&file);
        pdf.setPageSize(medium.inPoints ? QPageSize(medium.sizeMm, QPageSize::Millimeter) : QPageSize(QSizeF(total), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        pdf.setTitle("ColComb Studio figure");
        QCPPainter painter(&pdf);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, plots, each, layout, medium.captionStyle());
    }
    if (!file.commit()) return path + ": cannot write: " + file.errorString();
    return {};
}

QString describe(const QString& text) { return "'" + QString(text).replace('\n', ' ') + "'"; }

// Tick labels of an axis as the plot draws them: boxes along the axis, which must not touch.
QStringList tickLabelProblems(QCPAxis* axis, const QString& where)
{
    QStringList problems;
    if (!axis->visible() || !axis->tickLabels()) return problems;
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    const QFontMetricsF metrics = printFontMetrics(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    // Labels sorted along the axis, then checked pairwise for overlap.
    std::vector<std::pair<double, double>> boxes;
    std::vector<QString> names;
    for (int i = 0; i < ticks.size() && i < labels.size(); ++i) {
        if (!axis->range().contains(ticks[i])) continue;
        const double at = axis->coordToPixel(ticks[i]);
        // A label of several lines is as wide as its longest line and as tall as its lines.
        const QStringList lines = labels[i].split('\n');
        double widest = 0.0;
        for (const QString& line : lines) widest = std::max(widest, metrics.horizontalAdvance(line));
        const double extent = horizontal ? widest : metrics.height() * static_cast<double>(lines.size());
        boxes.emplace_back(at - extent / 2, at + extent / 2);
        names.push_back(labels[i]);
    }
    std::vector<std::size_t> order(boxes.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return boxes[a].first < boxes[b].first; });
    for (std::size_t k = 1; k < order.size(); ++k) {
        const auto& a = boxes[order[k - 1]];
        const auto& b = boxes[order[k]];
        if (b.first < a.second + 1.0)
            problems << QString("%1: tick labels '%2' and '%3' overlap").arg(where, names[order[k - 1]], names[order[k]]);
    }
    return problems;
}

} // namespace

QString exportFigure(const QList<QCustomPlot*>& plots, QSize each, const QString& path, const FigureCaption& caption)
{
    return writeFigure(plots, each, Medium{}, path, caption);
}

QString exportPrintFigure(const QList<QCustomPlot*>& plots, const PrintSize& size, const QString& path, const FigureCaption& caption)
{
    if (const std::string problem = validatePrintSize(size.widthMm, size.heightMm, size.dpi); !problem.empty()) return path + ": " + QString::fromStdString(problem);
    const PrintPage page = printPage(static_cast<int>(plots.size()), size, caption);
    return writeFigure(plots, page.each, Medium{0.0, true, page.mm, size.dpi}, path, caption);
}

QStringList printLayoutProblems(const QList<QCustomPlot*>& plots, const PrintSize& size, const FigureCaption& caption)
{
    QStringList problems;
    if (plots.isEmpty()) return problems;
    const PrintPage page = printPage(static_cast<int>(plots.size()), size, caption);
    if (page.each.height() < 1) return {QString("the caption (%1 pt) leaves no room for the plots on a page %2 pt high").arg(page.caption.height).arg(page.points.height())};
    // Laid out as exporting lays them out: drawn once at the print size, in points.
    QImage canvas(page.points, QImage::Format_RGB32);
    canvas.setDotsPerMeterX(static_cast<int>(std::lround(72.0 / 0.0254)));
    canvas.setDotsPerMeterY(canvas.dotsPerMeterX());
    {
        QCPPainter painter(&canvas);
        for (QCustomPlot* plot : plots) plot->toPainter(&painter, page.each.width(), page.each.height());
    }
    double plotArea = 0;
    for (int i = 0; i < plots.size(); ++i) {
        QCustomPlot* plot = plots[i];
        const QString where = QString("plot %1").arg(i + 1);
        const QRectF bounds(0, 0, page.each.width(), page.each.height());
        for (QCPLayoutElement* element : plot->plotLayout()->elements(true)) {
            auto* text = qobject_cast<QCPTextElement*>(element);
            if (!text || !text->visible() || text->text().isEmpty()) continue;
            const QRectF box = text->rect();
            const QRectF needed = printFontMetrics(text->font()).boundingRect(QRectF(0, 0, 1e5, 1e5), Qt::AlignLeft, text->text());
            if (needed.width() > box.width() + 0.5 || needed.height() > box.height() + 0.5)
                problems << QString("%1: the title %2 needs %3 x %4 pt and has %5 x %6 pt")
                                .arg(where, describe(text->text()))
                                .arg(needed.width(), 0, 'f', 1)
                                .arg(needed.height(), 0, 'f', 1)
                                .arg(box.width(), 0, 'f', 1)
                                .arg(box.height(), 0, 'f', 1);
        }
        for (QCPAxisRect* rect : plot->axisRects()) {
            plotArea += rect->rect().width() * static_cast<double>(rect->rect().height());
            for (QCPAxis* axis : rect->axes()) {
                if (!axis->visible()) continue;
                problems << tickLabelProblems(axis, where + ", " + (axis->orientation() == Qt::Horizontal ? "x axis" : "y axis"));
                if (axis->label().isEmpty()) continue;
                const QRectF label = printFontMetrics(axis->labelFont()).boundingRect(QRectF(0, 0, 1e5, 1e5), Qt::AlignLeft, axis->label());
                // Centred on the axis, it must stay inside the plot's share of the page.
                const bool horizontal = axis->orientation() == Qt::Horizontal;
                const double centre = horizontal ? rect->rect().center().x() : rect->rect().center().y();
                const double room = 2 * std::min(centre, (horizontal ? bounds.width() : bounds.height()) - centre);
                if (label.width() > room + 0.5)
                    problems << QString("%1: the axis label %2 is %3 pt long and has %4 pt").arg(where, describe(axis->label())).arg(label.width(), 0, 'f', 1).arg(room, 0, 'f', 1);
            }
        }
        // Each legend entry's swatch and words must fit the room the legend's grid gives it,
        // and stay on the page.
        if (plot->legend && plot->legend->visible()) {
            for (int k = 0; k < plot->legend->itemCount(); ++k) {
                auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(k));
                if (!item || !item->visible()) continue;
                const QFontMetricsF font = printFontMetrics(item->font());
                const double needed = plot->legend->iconSize().width() + plot->legend->iconTextPadding() + font.horizontalAdvance(item->plottable()->name());
                const QRectF box = item->rect();
                const double room = std::min(box.width(), bounds.right() - box.left());
                if (needed > room + 0.5)
                    problems << QString("%1: the legend entry %2 needs %3 pt and has %4 pt")
                                    .arg(where, describe(item->plottable()->name()))
                                    .arg(needed, 0, 'f', 1)
                                    .arg(room, 0, 'f', 1);
            }
        }
    }
    const double share = plotArea / (static_cast<double>(page.points.width()) * page.points.height());
    if (share < 0.3) problems << QString("the plots' axes fill %1% of the page (less than 30%: squeezed)").arg(100 * share, 0, 'f', 1);
    const QFontMetricsF metrics = printFontMetrics(captionFont(kPrintCaption));
    for (const CaptionPiece& p : page.caption.pieces) {
        if (p.box.right() > page.points.width() + 0.5 || p.box.left() < 0)
            problems << QString("the caption's %1 crosses the page's edge").arg(p.text.isEmpty() ? QString("swatch") : describe(p.text));
        if (p.text.isEmpty()) continue;
        const QRectF needed = metrics.boundingRect(QRectF(0, 0, p.box.width(), 1e5), Qt::TextWordWrap, p.text);
        if (needed.width() > p.box.width() + 0.5 || needed.height() > p.box.height() + 0.5)
            problems << QString("the caption's %1 does not fit its box").arg(describe(p.text));
    }
    return problems;
}

} // namespace colcomb::ui
