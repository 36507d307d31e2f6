#include "ReportExport.h"

#include "FigureFiles.h"
#include "sweep/SweepCache.h"
#include "sweep/SweepResults.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSaveFile>

namespace colcomb::ui {

namespace {

QString writeText(const QString& path, const std::string& text)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text.data(), static_cast<qint64>(text.size())) != static_cast<qint64>(text.size()) || !file.commit())
        return path + ": cannot write: " + file.errorString();
    return {};
}

QString cell(const nlohmann::json& r, const char* key, double scale = 1.0, int decimals = 2)
{
    if (!r.contains(key) || !r[key].is_number()) return "–";
    return QString::number(r[key].get<double>() * scale, 'f', decimals);
}

// The shown layer's file by name, its folder on hover; a sweep point's model says so rather than
// naming the cache's digest folder.
QString sourceText(const QString& source)
{
    const QFileInfo file(source);
    if (!file.isAbsolute()) return source.toHtmlEscaped();
    const QString cache = QFileInfo(QString::fromStdString(SweepCache::defaultFolder())).absoluteFilePath() + "/";
    const QString name = file.absoluteFilePath().startsWith(cache) ? "the trained model of a sweep point" : file.fileName();
    return "<span title='" + file.absoluteFilePath().toHtmlEscaped() + "'>" + name.toHtmlEscaped() + "</span>";
}

} // namespace

QString exportReport(const QString& folder, const ReportInputs& in, QStringList* written)
{
    if (!QDir().mkpath(folder)) return folder + ": cannot make the folder";
    const QDir dir(folder);
    QStringList files;
    const auto add = [&](const QString& name, const QString& error) {
        if (error.isEmpty()) files << name;
        return error;
    };
    QString figuresHtml;
    // One figure's files and its entry in the page; false when the results cannot fill it.
    const auto figureFiles = [&](FigureKind kind, const std::string& sweep, const QString& stem, QString* error) {
        FigureData figure;
        try {
            figure = makeFigure(kind, in.results, {in.view.x, in.view.y, sweep});
        } catch (const std::invalid_argument&) {
            figure = makeFigure(kind, in.results, {.sweep = sweep});
        }
        if (figure.empty()) return false;
        figure.valueLabels = in.view.barValues;
        for (const char* ext : {".pdf", ".svg", ".png"})
            if (*error = add(stem + ext, writeTradeoffFigure(figure, in.results, in.size, dir.filePath(stem + ext))); !error->isEmpty()) return false;
        for (const char* ext : {".csv", ".json"})
            if (*error = add(stem + ext, writeFigureData(figure, in.results, dir.filePath(stem + ext))); !error->isEmpty()) return false;
        figuresHtml += QString("<figure><a href='%1.png'><img src='%1.png' width='600'></a><figcaption>%2%3 — <a href='%1.png'>PNG</a> · "
                               "<a href='%1.pdf'>PDF</a> · <a href='%1.svg'>SVG</a> · <a href='%1.csv'>CSV</a> · <a href='%1.json'>JSON</a></figcaption></figure>\n")
                           .arg(stem, QString::fromStdString(figure.title).toHtmlEscaped(),
                                figure.missing.empty() ? QString() : " (" + QString::fromStdString(figure.missing).toHtmlEscaped() + ")");
        return true;
    };
    QString error;
    const std::vector<std::string> sweeps = sweepNames(in.results);
    if (sweeps.size() <= 1) {
        for (const std::string& name : figureKindNames())
            if (!figureFiles(*parseFigureKind(name), {}, QString::fromStdString(name), &error) && !error.isEmpty()) return error;
    } else {
        // Each sweep's figures from its own results (a reproduced paper figure: that one), then
        // the Pareto view over all of them.
        for (std::size_t i = 0; i < sweeps.size(); ++i) {
            if (sweeps[i].empty()) continue;  // lines without a sweep's name: only in the Pareto view
            figuresHtml += "<h2>" + QString::fromStdString(sweeps[i]).toHtmlEscaped() + "</h2>\n";
            const std::optional<FigureKind> paper = paperFigureOfSweep(sweeps[i]);
            for (const std::string& name : figureKindNames()) {
                const FigureKind kind = *parseFigureKind(name);
                if (kind == FigureKind::Pareto || (paper && kind != *paper)) continue;
                if (kind == FigureKind::Methods && makeFigure(kind, in.results, {.sweep = sweeps[i]}).series.size() < 2) continue;  // one kind of method: nothing to compare
                const QString stem = QString("sweep%1-%2").arg(i + 1).arg(QString::fromStdString(name));
                if (!figureFiles(kind, sweeps[i], stem, &error) && !error.isEmpty()) return error;
            }
        }
        figuresHtml += "<h2>All sweeps</h2>\n";
        if (!figureFiles(FigureKind::Pareto, {}, "pareto", &error) && !error.isEmpty()) return error;
    }
    if (in.packing) {
        for (const char* ext : {".pdf", ".svg", ".png"})
            if (const QString e = add(QString("matrix") + ext, writeMatrixFigure(in.packing, in.size, dir.filePath(QString("matrix") + ext))); !e.isEmpty()) return e;
        figuresHtml += "<figure><a href='matrix.png'><img src='matrix.png' width='600'></a><figcaption>The layer before and after packing, with the array's "
                       "tile grid — <a href='matrix.png'>PNG</a> · <a href='matrix.pdf'>PDF</a> · <a href='matrix.svg'>SVG</a></figcaption></figure>\n";
    }
    if (!in.results.empty()) {
        if (const QString e = add("results.jsonl", writeText(dir.filePath("results.jsonl"), sweepResultsText(in.results))); !e.isEmpty()) return e;
        if (const QString e = add("results.csv", writeText(dir.filePath("results.csv"), sweepResultsCsv(in.results))); !e.isEmpty()) return e;
    }

    QString table;
    for (const nlohmann::json& r : in.results)
        table += QString("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td><td>%7</td></tr>\n")
                     .arg(QString::fromStdString(pointLabel(r)).toHtmlEscaped(), cell(r, "utilization_after", 100, 1), cell(r, "tiles_after", 1, 0),
                          cell(r, "energy_after_uj", 1, 3), cell(r, "latency_after_us", 1, 2), cell(r, "accuracy", 100, 2), cell(r, "weight_kept", 100, 1));
    QString layer = "none";
    if (in.packing) layer = sourceText(in.source) + " (" + parametersText(in.packing->params).toHtmlEscaped() + ")";
    const QString html =
        QString("<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>ColComb Studio report</title>\n"
                "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}table{border-collapse:collapse}"
                "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child{text-align:left}</style></head><body>\n"
                "<h1>ColComb Studio report</h1>\n<p>ColComb Studio %1, written %2.</p>\n<p>Layer: %3</p>\n"
                "<p>%4 sweep results (<a href='results.csv'>CSV</a>, <a href='results.jsonl'>JSON lines</a>).</p>\n%5"
                "<h2>Key numbers per point</h2>\n<table><tr><th>parameters</th><th>utilization efficiency %</th><th>tiles</th>"
                "<th>energy per sample µJ</th><th>latency µs</th><th>accuracy %</th><th>|w| kept %</th></tr>\n%6</table>\n</body></html>\n")
            .arg(in.version.toHtmlEscaped(), QDateTime::currentDateTime().toString(Qt::ISODate), layer)
            .arg(in.results.size())
            .arg(figuresHtml, table);
    if (const QString e = add("index.html", writeText(dir.filePath("index.html"), html.toStdString())); !e.isEmpty()) return e;
    if (written) *written = files;
    return {};
}

} // namespace colcomb::ui
