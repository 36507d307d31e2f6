#include "Commands.h"
#include "NetworkOptions.h"
#include "PackingOptions.h"

#include "FigureFiles.h"
#include "io/Workspace.h"
#include "sweep/SweepResults.h"

#include <QApplication>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

namespace colcomb::cli {

namespace {

struct FigureOptions {
    std::string kind;
    std::vector<std::string> results;
    std::string model;
    std::string layer;
    PackingOptions packing;
    std::string out;
    std::string data;
    double widthMm = 89.0;
    double heightMm = 0.0;
    int dpi = 300;
    colcomb::FigureOptions axes;
    bool values = false;
};

// QCustomPlot draws through QWidgets: a QApplication, on the offscreen platform unless the user
// chose one, so that the command runs without a display.
std::unique_ptr<QApplication> headlessApplication()
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        // Neither Qt's note that a headless session has no runtime folder nor the offscreen
        // platform's note about size hints says anything about the figure.
        if (message.startsWith("QStandardPaths: XDG_RUNTIME_DIR") || message.contains("propagateSizeHints")) return;
        std::fprintf(stderr, "%s\n", qPrintable(message));
        if (type == QtFatalMsg) std::abort();
    });
    static int argc = 1;
    static char name[] = "colcomb";
    static char* argv[] = {name, nullptr};
    return std::make_unique<QApplication>(argc, argv);
}

void check(const QString& error)
{
    if (!error.isEmpty()) throw std::runtime_error(error.toStdString());
}

// The figure is written; what reads badly at this size is said, so that a smaller size is chosen
// knowingly.
void warnAboutLayout(const QStringList& problems, const ui::PrintSize& size)
{
    for (const QString& p : problems) std::fprintf(stderr, "colcomb figure: warning: at %.0f mm, %s\n", size.widthMm, qPrintable(p));
    if (!problems.isEmpty()) std::fprintf(stderr, "colcomb figure: a larger --width-mm or --height-mm gives the plots more room\n");
}

} // namespace

Command addFigureCommand(CLI::App& app)
{
    auto opts = std::make_shared<FigureOptions>();
    std::string kinds = "matrix";
    for (const std::string& k : figureKindNames()) kinds += "|" + k;
    CLI::App* sub = app.add_subcommand("figure", "Draw a trade-off figure from sweep results, or a layer before and after packing, to PDF, SVG or PNG");
    sub->add_option("kind", opts->kind, "The figure: " + kinds)->required();
    sub->add_option("--results,-r", opts->results, "Sweep results (colcomb sweep --out); several files are joined")->expected(1, -1);
    sub->add_option("--model,-m", opts->model, "matrix: the weights (any format pack reads)");
    sub->add_option("--layer", opts->layer, "matrix: the layer of a model to draw");
    addPackingOptions(sub, opts->packing);
    sub->add_option("--out,-o", opts->out, "The figure: .pdf or .svg (vector) or .png")->required();
    sub->add_option("--data", opts->data, "Also write the numbers behind the figure: .csv or .json");
    sub->add_option("--width-mm", opts->widthMm, "Width in millimetres (89: one column of a two-column paper)")->capture_default_str();
    sub->add_option("--height-mm", opts->heightMm, "Height in millimetres (0: three quarters of the width)")->capture_default_str();
    sub->add_option("--dpi", opts->dpi, "PNG resolution, pixels per inch")->capture_default_str();
    sub->add_option("--x", opts->axes.x, "pareto and methods: the metric across")->capture_default_str();
    sub->add_option("--y", opts->axes.y, "pareto: the metric up")->capture_default_str();
    sub->add_option("--sweep", opts->axes.sweep, "Draw only the results of this sweep (their \"sweep\" name; default: all)");
    sub->add_flag("--values", opts->values, "tiles, hardware: print each bar's value above it");

    return {sub, [opts, kinds] {
        const std::string ext = std::filesystem::path(opts->out).extension().string();
        if (ext != ".pdf" && ext != ".svg" && ext != ".png") throw UsageError("--out: '" + opts->out + "' must end in .pdf, .svg or .png");
        if (const std::string problem = validatePrintSize(opts->widthMm, opts->heightMm, opts->dpi); !problem.empty())
            throw UsageError("--width-mm, --height-mm, --dpi: " + problem);
        const ui::PrintSize size{opts->widthMm, opts->heightMm, opts->dpi};
        if (opts->kind == "matrix") {
            if (opts->model.empty()) throw UsageError("matrix: --model names the weights to draw");
            if (!opts->data.empty()) throw UsageError("--data: the matrix figure's numbers are its weights (colcomb pack --out writes them)");
            const PackingParams params = resolvePackingOptions(opts->packing);
            const NetworkFile network = readNetworkFile(opts->model);
            LayerSelection selection;
            selection.layer = opts->layer;
            const std::size_t row = selectLayers(network, selection, opts->model).front();
            const auto packing = std::make_shared<const PackingResult>(packLayer(network.layers[row].weights, params));
            const auto app = headlessApplication();
            QStringList layout;
            check(ui::writeMatrixFigure(packing, size, QString::fromStdString(opts->out), &layout));
            warnAboutLayout(layout, size);
            std::printf("wrote %s (%s, %.0f mm wide)\n", opts->out.c_str(), network.layers[row].name.c_str(), size.widthMm);
            return;
        }
        const std::optional<FigureKind> kind = parseFigureKind(opts->kind);
        if (!kind) throw UsageError("unknown figure '" + opts->kind + "' (" + kinds + ")");
        if (opts->results.empty()) throw UsageError(opts->kind + ": --results names the sweep results to draw");
        std::vector<nlohmann::json> results;
        for (const std::string& file : opts->results)
            for (nlohmann::json& line : readSweepResults(file)) results.push_back(std::move(line));
        FigureData figure;
        try {
            figure = makeFigure(*kind, results, opts->axes);
        } catch (const std::invalid_argument& e) {
            std::string metrics;
            for (const FigureMetric& m : figureMetrics()) metrics += (metrics.empty() ? "" : ", ") + m.key;
            throw UsageError(std::string(e.what()) + " (metrics: " + metrics + ")");
        }
        if (figure.empty()) throw std::runtime_error(opts->kind + ": nothing to draw: " + (figure.missing.empty() ? "no points" : figure.missing));
        figure.valueLabels = opts->values;
        const auto app = headlessApplication();
        QStringList layout;
        check(ui::writeTradeoffFigure(figure, results, size, QString::fromStdString(opts->out), &layout));
        warnAboutLayout(layout, size);
        if (!opts->data.empty()) check(ui::writeFigureData(figure, results, QString::fromStdString(opts->data)));
        if (!figure.missing.empty()) std::fprintf(stderr, "colcomb figure: note: %s\n", figure.missing.c_str());
        std::size_t points = 0;
        for (const FigureSeries& s : figure.series) points += s.points.size();
        std::printf("wrote %s (%s: %zu series, %zu points, %.0f mm wide)\n", opts->out.c_str(), opts->kind.c_str(), figure.series.size(), points, size.widthMm);
    }};
}

} // namespace colcomb::cli
