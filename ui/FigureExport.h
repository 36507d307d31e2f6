#pragma once
// Plots side by side as one figure: PNG (raster), SVG or PDF (vector), chosen by the file's
// extension, with an optional caption below them (a legend line and the parameters that made the
// figure, so that a slide says what it shows). The file appears whole or not at all (QSaveFile).
#include "MatrixPlot.h"

#include <QFontMetricsF>
#include <QImage>
#include <QList>
#include <QSize>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace colcomb::ui {

struct FigureCaption {
    QList<LegendEntry> legend;
    QString parameters;  // e.g. "alpha 8, gamma 0.5, pairwise, 32 x 32 array"
    bool isEmpty() const { return legend.isEmpty() && parameters.isEmpty(); }
};

// The same figure as a bitmap of exactly `size` pixels (the plots share the width; the caption
// takes what it needs at the bottom): an animation's frame.
QImage renderFigure(const QList<QCustomPlot*>& plots, QSize size, const FigureCaption& caption);

// Empty on success, otherwise a message that names the file and the problem.
QString exportFigure(const QList<QCustomPlot*>& plots, QSize eachPlot, const QString& path, const FigureCaption& caption = {});

// A figure for a paper: widthMm x heightMm (0: three quarters of the width; a PDF's page is that
// size), laid out in points so that fonts keep their print size; a PNG has `dpi` pixels per inch.
struct PrintSize {
    double widthMm = 89.0;  // one column of a two-column paper
    double heightMm = 0.0;
    int dpi = 300;
};
QString exportPrintFigure(const QList<QCustomPlot*>& plots, const PrintSize& size, const QString& path, const FigureCaption& caption = {});

// What would read badly in that print figure: text wider or taller than the box it is drawn in
// (so clipped), tick labels on top of each other, text past the page's edge, or plots left with
// too little of the page. Empty when nothing does. It lays the plots out at the print size, as
// exporting does.
QStringList printLayoutProblems(const QList<QCustomPlot*>& plots, const PrintSize& size, const FigureCaption& caption = {});

// The print width of each of `plotCount` plots side by side, in points: what a plot lays its
// titles out for (MatrixPlot::usePrintLayout).
double printPlotWidth(const PrintSize& size, int plotCount);
// Text metrics in points, as the print figure's devices measure them (72 dpi).
QFontMetricsF printFontMetrics(const QFont& font);
// `text` with line breaks put between words so that no line is wider than `width` in `metrics`;
// existing line breaks stay.
QString wrapText(const QString& text, const QFontMetricsF& metrics, double width);

} // namespace colcomb::ui
