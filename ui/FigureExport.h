#pragma once
// Plots side by side as one figure: PNG (raster), SVG or PDF (vector), chosen by the file's
// extension. The file appears whole or not at all (QSaveFile).
#include <QList>
#include <QSize>
#include <QString>

class QCustomPlot;

namespace colcomb::ui {

// Empty on success, otherwise a message that names the file and the problem.
QString exportFigure(const QList<QCustomPlot*>& plots, QSize eachPlot, const QString& path);

} // namespace colcomb::ui
