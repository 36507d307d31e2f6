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

void paintSideBySide(QCPPainter& painter, const QList<QCustomPlot*>& plots, QSize each)
{
    for (int i = 0; i < plots.size(); ++i) {
        painter.save();
        painter.translate(i * each.width(), 0);
        plots[i]->toPainter(&painter, each.width(), each.height());
        painter.restore();
    }
}

} // namespace

QString exportFigure(const QList<QCustomPlot*>& plots, QSize each, const QString& path)
{
    if (plots.isEmpty() || each.isEmpty()) return path + ": nothing to export";
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QSize total(each.width() * static_cast<int>(plots.size()), each.height());
    QSaveFile file(path);
    if (suffix != "png" && suffix != "svg" && suffix != "pdf")
        return path + ": unknown figure type '" + suffix + "' (use .png, .svg or .pdf)";
    if (!file.open(QIODevice::WriteOnly)) return path + ": cannot write: " + file.errorString();

    if (suffix == "png") {
        QImage image(total * 2, QImage::Format_ARGB32);  // twice the screen size, for slides
        image.fill(Qt::white);
        QCPPainter painter(&image);
        painter.scale(2.0, 2.0);
        paintSideBySide(painter, plots, each);
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
        paintSideBySide(painter, plots, each);
    } else {
        QPdfWriter pdf(&file);
        pdf.setPageSize(QPageSize(QSizeF(total), QPageSize::Point));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setResolution(72);
        pdf.setTitle("ColComb Studio figure");
        QCPPainter painter(&pdf);
        painter.setMode(QCPPainter::pmVectorized);
        paintSideBySide(painter, plots, each);
    }
    if (!file.commit()) return path + ": cannot write: " + file.errorString();
    return {};
}

} // namespace colcomb::ui
