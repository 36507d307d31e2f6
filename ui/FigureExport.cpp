#include "FigureExport.h"

#include "io/Workspace.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QFontMetrics>
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

constexpr int kCaptionLine = 22;  // points per caption line

QFont captionFont()
{
    QFont font;
    font.setPointSizeF(9.5);
    return font;
}

// Lines the parameters text wraps to across `width`.
int parameterLines(const FigureCaption& caption, int width)
{
    if (caption.parameters.isEmpty()) return 0;
    const QRect needed = QFontMetrics(captionFont()).boundingRect(QRect(0, 0, std::max(width - 24, 1), 10000), Qt::TextWordWrap, caption.parameters);
    return std::max(1, (needed.height() + kCaptionLine - 1) / kCaptionLine);
}

int captionHeight(const FigureCaption& caption, int width)
{
    if (caption.isEmpty()) return 0;
    return 8 + kCaptionLine * ((caption.legend.isEmpty() ? 0 : 1) + parameterLines(caption, width));
}

// The legend as swatches and words on one line, the parameters (wrapped) below.
void paintCaption(QCPPainter& painter, const FigureCaption& caption, int top, int width)
{
    const QFont font = captionFont();
    painter.setFont(font);
    const QFontMetrics metrics(font);
    int x = 12;
    int y = top + 4;
    if (!caption.legend.isEmpty()) {
        for (const LegendEntry& e : caption.legend) {
            const QRect swatch(x, y + 5, 12, 12);
            if (e.dashed) {
                painter.setPen(QPen(e.colour, 1.5, Qt::DashLine));
                painter.drawLine(QLineF(swatch.left(), swatch.center().y(), swatch.right() + 8, swatch.center().y()));
                x += 8;
            } else {
                painter.fillRect(swatch, e.colour);
            }
            x += 14;
            if (e.text.isEmpty()) continue;  // swatches that share the next entry's words
            painter.setPen(Qt::black);
            painter.drawText(QRect(x + 2, y, width - x, kCaptionLine), Qt::AlignLeft | Qt::AlignVCenter, e.text);
            x += metrics.horizontalAdvance(e.text) + 20;
        }
        y += kCaptionLine;
    }
    if (!caption.parameters.isEmpty()) {
        painter.setPen(QColor(60, 60, 60));
        painter.drawText(QRect(12, y, width - 24, kCaptionLine * parameterLines(caption, width)), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                         caption.parameters);
    }
}

void paintFigure(QCPPainter& painter, const QList<QCustomPlot*>& plots, QSize each, const FigureCaption& caption)
{
    for (int i = 0; i < plots.size(); ++i) {
        painter.save();
        painter.translate(i * each.width(), 0);
        plots[i]->toPainter(&painter, each.width(), each.height());
        painter.restore();
    }
    if (!caption.isEmpty()) paintCaption(painter, caption, each.height(), each.width() * static_cast<int>(plots.size()));
}

} // namespace

QImage renderFigure(const QList<QCustomPlot*>& plots, QSize size, const FigureCaption& caption)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    if (plots.isEmpty()) return image;
    QCPPainter painter(&image);
    paintFigure(painter, plots, QSize(size.width() / static_cast<int>(plots.size()), size.height() - captionHeight(caption, size.width())), caption);
    return image;
}

namespace {

// How a figure meets its file: on screen, logical units are pixels and a PNG has twice as many;
// in print they are points, the PNG and the PDF page have the exact physical size.
struct Medium {
    double pngScale = 2.0;
    bool inPoints = false;
    QSizeF sizeMm;  // print: the figure's size
    int dpi = 0;    // print: the PNG's resolution
};

// Lays the plots out at `each` logical units.
QString writeFigure(const QList<QCustomPlot*>& plots, QSize each, const Medium& medium, const QString& path, const FigureCaption& caption)
{
    if (plots.isEmpty() || each.isEmpty()) return path + ": nothing to export";
    const QString suffix = QFileInfo(path).suffix().toLower();
    const int width = each.width() * static_cast<int>(plots.size());
    const QSize total(width, each.height() + captionHeight(caption, width));
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
        if (medium.inPoints) setDpi(72.0);
        image.fill(Qt::white);
        QCPPainter painter(&image);
        painter.scale(static_cast<double>(pixels.width()) / total.width(), static_cast<double>(pixels.height()) / total.height());
        paintFigure(painter, plots, each, caption);
        painter.end();
        if (medium.inPoints) setDpi(medium.dpi);
        if (!image.save(&file, "PNG")) return path + ": PNG encoding failed";
    } else if (suffix == "svg") {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(total);
        svg.setViewBox(QRect(QPoint(0, 0), total));
        svg.setTitle("ColComb Studio figure");
        QCPPainter painter(&svg);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, plots, each, caption);
    } else {
        QPdfWriter pdf(&file);
        pdf.setPageSize(medium.inPoints ? QPageSize(medium.sizeMm, QPageSize::Millimeter) : QPageSize(QSizeF(total), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        pdf.setTitle("ColComb Studio figure");
        QCPPainter painter(&pdf);
        painter.setMode(QCPPainter::pmVectorized);
        paintFigure(painter, plots, each, caption);
    }
    if (!file.commit()) return path + ": cannot write: " + file.errorString();
    return {};
}

} // namespace

QString exportFigure(const QList<QCustomPlot*>& plots, QSize each, const QString& path, const FigureCaption& caption)
{
    return writeFigure(plots, each, Medium{}, path, caption);
}

QString exportPrintFigure(const QList<QCustomPlot*>& plots, const PrintSize& size, const QString& path, const FigureCaption& caption)
{
    if (const std::string problem = validatePrintSize(size.widthMm, size.heightMm, size.dpi); !problem.empty()) return path + ": " + QString::fromStdString(problem);
    constexpr double kPointsPerMm = 72.0 / 25.4;
    const QSizeF mm(size.widthMm, size.heightMm > 0 ? size.heightMm : size.widthMm * 0.75);
    const int width = static_cast<int>(std::lround(mm.width() * kPointsPerMm));
    const int height = static_cast<int>(std::lround(mm.height() * kPointsPerMm));
    const int n = static_cast<int>(std::max<qsizetype>(plots.size(), 1));
    return writeFigure(plots, QSize(width / n, height - captionHeight(caption, width)), Medium{0.0, true, mm, size.dpi}, path, caption);
}

} // namespace colcomb::ui
