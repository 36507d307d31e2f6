#include "FigureFiles.h"

#include "MatrixPlot.h"
#include "TradeoffChart.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSaveFile>

namespace colcomb::ui {

QString parametersText(const PackingParams& p, bool trainedGroups)
{
    QString method = QString::fromStdString(methodName(p.method));
    if (p.method == CombineMethod::Pairwise && p.pairwiseSectionColumns > 0) method += QString(" (%1-column sections)").arg(p.pairwiseSectionColumns);
    return QString("alpha %1, gamma %2, %3%4, %5 x %6 array")
        .arg(p.alpha)
        .arg(p.gamma)
        .arg(method)
        .arg(trainedGroups ? ", groups as trained" : "")
        .arg(p.array.rows)
        .arg(p.array.cols);
}

QString writeTradeoffFigure(const FigureData& figure, const std::vector<nlohmann::json>& results, const PrintSize& size, const QString& path,
                            QStringList* layoutProblems)
{
    TradeoffChart chart;
    chart.usePrintFonts(true);
    chart.show(figure, results);
    if (layoutProblems) *layoutProblems = printLayoutProblems({chart.plot()}, size);
    return exportPrintFigure({chart.plot()}, size, path);
}

QString writeMatrixFigure(const PackingPtr& packing, const PrintSize& size, const QString& path, QStringList* layoutProblems)
{
    if (!packing) return path + ": nothing to export: no layer";
    MatrixPlot original(MatrixPlot::Kind::Original);
    MatrixPlot packed(MatrixPlot::Kind::Packed);
    for (MatrixPlot* plot : {&original, &packed}) {
        plot->resize(700, 520);
        plot->usePrintLayout(printPlotWidth(size, 2));
        plot->showPacking(packing, CellColouring::Groups);
    }
    // A large layer is binned off the UI thread: wait for both views.
    while (original.isBinning() || packed.isBinning()) QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    QCoreApplication::processEvents();
    const FigureCaption caption{original.legend(), parametersText(packing->params)};
    if (layoutProblems) *layoutProblems = printLayoutProblems({original.plot(), packed.plot()}, size, caption);
    return exportPrintFigure({original.plot(), packed.plot()}, size, path, caption);
}

QString writeFigureData(const FigureData& figure, const std::vector<nlohmann::json>& results, const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != "csv" && suffix != "json") return path + ": unknown data type '" + suffix + "' (use .csv or .json)";
    const std::string text = suffix == "csv" ? figureCsv(figure, results) : figureJson(figure).dump(1) + "\n";
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit())
        return path + ": cannot write: " + file.errorString();
    return {};
}

} // namespace colcomb::ui
