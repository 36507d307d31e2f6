#include "FigureExport.h"

#include <qcustomplot.h>

#include <QFileInfo>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace colcomb::ui {

namespace {

constexpr int kCaptionLine = 22;  // points per caption line

int captionHeight(const FigureCaption& caption)
{
    if (caption.isEmpty()) return 0;
    return 8 + kCaptionLine * ((caption.legend.isEmpty() ? 0 : 1) + (caption.parameters.isEmpty() ? 0 : 1));
}

// The legend as swatches and words on one line, the parameters on the next.
void paintCaption(QCPPainter& painter, const FigureCaption& caption, int top, int width)
{
    QFont font = painter.font();
    font.setPointSizeF(9.5);
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
        painter.drawText(QRect(12, y, width - 24, kCaptionLine), Qt::AlignLeft | Qt::AlignVCenter, caption.parameters);
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

QString exportFigure(const QList<QCustomPlot*>& plots, QSize each, const QString& path, const FigureCaption& caption)
{
    if (plots.isEmpty() || each.isEmpty()) return path + ": nothing to export";
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize total(each.width() * static_cast<int>(plots.size()), each.height() + captionHeight(caption));
    QSaveFile file(path);
    if (suffix != "png" && suffix != "svg" && suffix != "pdf")
        return path + ": unknown figure type '" + suffix + "' (use .png, .svg or .pdf)";
    if (!file.open(QIODevice::WriteOnly)) return path + ": cannot write: " + file.errorString();

    if (suffix == "png") {
        QImage image(total * 2, QImage::Format_ARGB32);  // twice the screen size, for slides
        image.fill(Qt::white);
        QCPPainter painter(&image);
        painter.scale(2.0, 2.0);
        paintFigure(painter, plots, each, caption);
        painter.end();
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
        pdf.setPageSize(QPageSize(QSizeF(total), QPageSize::Point));
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

} // namespace colcomb::ui
