#include "TradeoffsPanel.h"

#include "WorkspaceDocument.h"

#include "FigureFiles.h"
#include "Notices.h"
#include "StudioSettings.h"
#include "TradeoffChart.h"
#include "training/Bundled.h"
#include "sweep/PaperFigures.h"
#include "sweep/SweepSpec.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QProgressBar>
#include <QSignalBlocker>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>
#include <QToolButton>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {

QString kindText(FigureKind kind)
{
    switch (kind) {
    case FigureKind::Gamma: return "Gamma sweep";
    case FigureKind::Alpha: return "Alpha sweep";
    case FigureKind::Tiles: return "Tiles per layer";
    case FigureKind::LimitedData: return "Limited data";
    case FigureKind::Hardware: return "Hardware bars";
    case FigureKind::Energy: return "Energy by component";
    case FigureKind::Pareto: return "Pareto view";
    case FigureKind::Methods: return "Methods vs N:M";
    }
    return {};
}

} // namespace

QString TradeoffsPanel::resultsFolder() { return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/sweeps"; }

TradeoffsPanel::TradeoffsPanel(SweepDocument* sweeps, QWidget* parent) : QWidget(parent), m_sweeps(sweeps), m_chart(new TradeoffChart(this))
{
    m_figure = new QComboBox(this);
    m_figure->setObjectName("figureChoice");
    m_figure->setToolTip("Which trade-off to draw from the sweep results (the paper's figures 2 to 6, and a Pareto view of any two metrics)");
    for (const std::string& name : figureKindNames()) m_figure->addItem(kindText(*parseFigureKind(name)), QString::fromStdString(name));
    m_sweep = new QComboBox(this);
    m_sweep->setObjectName("sweepChoice");
    m_sweep->setToolTip("Whose results the figure draws: one sweep (a spec that was run, a results file), or all of them, each sweep its own series");
    m_sweep->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_barValues = new QCheckBox("values on bars", this);
    m_barValues->setObjectName("barValues");
    m_barValues->setToolTip("Print each bar's value above it, on screen and in the exported figure");
    m_x = new QComboBox(this);
    m_y = new QComboBox(this);
    for (const FigureMetric& m : figureMetrics()) {
        m_x->addItem(QString::fromStdString(m.label), QString::fromStdString(m.key));
        m_y->addItem(QString::fromStdString(m.label), QString::fromStdString(m.key));
    }
    m_x->setToolTip("The metric across the Pareto view");
    m_y->setToolTip("The metric up the Pareto view");
    m_xLabel = new QLabel("across:", this);
    m_yLabel = new QLabel("up:", this);

    m_run = new QPushButton("Run sweep spec…", this);
    m_run->setToolTip("Run a sweep spec (JSON; README: Sweeps). Finished points come from the cache at once.");
    auto* reproduceButton = new QToolButton(this);
    reproduceButton->setText("Reproduce");
    reproduceButton->setPopupMode(QToolButton::InstantPopup);
    reproduceButton->setToolTip("Run one of the paper's figures in its quick setting (or read it from the cache) and draw it");
    auto* menu = new QMenu(reproduceButton);
    for (const PaperFigure& f : paperFigures()) {
        if (!f.kind) continue;  // figure 1 is the matrix view's (Reproduce menu of the window)
        menu->addAction(QString("Figure %1: %2 (quick)").arg(f.number).arg(QString::fromStdString(f.title)), this, [this, n = f.number] { reproduce(n); });
    }
    reproduceButton->setMenu(menu);
    auto* add = new QPushButton("Add results…", this);
    add->setToolTip("Draw a results file as well (colcomb sweep --out, or a merge of shards)");
    m_remove = new QPushButton("Remove results", this);
    m_remove->setToolTip("Stop drawing the results files (the files stay on disk; undo brings them back)");
    auto* exportButton = new QPushButton("Export…", this);
    exportButton->setToolTip("The figure as PDF or SVG (vector) or PNG, at the size below; or its numbers as CSV or JSON");

    m_widthMm = new QDoubleSpinBox(this);
    m_widthMm->setRange(10, 1000);
    m_widthMm->setSuffix(" mm");
    m_widthMm->setToolTip("Figure width: 89 mm is one column of a two-column paper, 183 mm the page");
    m_heightMm = new QDoubleSpinBox(this);
    m_heightMm->setRange(0, 1000);
    m_heightMm->setSpecialValueText("auto");
    m_heightMm->setSuffix(" mm");
    m_heightMm->setToolTip("Figure height (auto, or below 10 mm: three quarters of the width)");
    m_dpi = new QSpinBox(this);
    m_dpi->setRange(30, 2400);
    m_dpi->setSuffix(" dpi");
    m_dpi->setToolTip("PNG resolution");

    m_files = new QLabel(this);
    m_files->setObjectName("resultsFiles");
    m_files->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // long file lists must not widen the window
    m_status = new QLabel(this);
    m_status->setObjectName("sweepStatus");
    m_status->setWordWrap(true);
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_progress = new QProgressBar(this);
    m_progress->setVisible(false);
    m_cancel = new QPushButton("Cancel", this);
    m_cancel->setToolTip("Stop the sweep: finished points are cached, so running it again continues from there");
    m_cancel->setVisible(false);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel("Figure:", this));
    top->addWidget(m_figure);
    top->addWidget(new QLabel("of:", this));
    top->addWidget(m_sweep);
    top->addWidget(m_barValues);
    top->addWidget(m_xLabel);
    top->addWidget(m_x);
    top->addWidget(m_yLabel);
    top->addWidget(m_y);
    top->addStretch();
    top->addWidget(m_run);
    top->addWidget(reproduceButton);
    top->addWidget(add);
    top->addWidget(m_remove);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_files, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    bottom->addWidget(new QLabel("Export size:", this));
    bottom->addWidget(m_widthMm);
    bottom->addWidget(new QLabel("×", this));
    bottom->addWidget(m_heightMm);
    bottom->addWidget(m_dpi);
    bottom->addWidget(exportButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_chart, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);

    connect(m_figure, &QComboBox::activated, this, [this] {
        editView([this](TradeoffView& v) { v.figure = m_figure->currentData().toString().toStdString(); }, "Show " + m_figure->currentText());
    });
    connect(m_barValues, &QCheckBox::toggled, this, [this](bool on) { editView([on](TradeoffView& v) { v.barValues = on; }, "Values on bars"); });
    connect(m_sweep, &QComboBox::activated, this, [this] {
        editView([this](TradeoffView& v) { v.sweep = m_sweep->currentData().toString().toStdString(); }, "Show " + m_sweep->currentText());
    });
    connect(m_x, &QComboBox::activated, this, [this] { editView([this](TradeoffView& v) { v.x = m_x->currentData().toString().toStdString(); }, "Pareto axis"); });
    connect(m_y, &QComboBox::activated, this, [this] { editView([this](TradeoffView& v) { v.y = m_y->currentData().toString().toStdString(); }, "Pareto axis"); });
    connect(m_run, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, "Run a sweep spec", lastFolder("sweep", QString::fromStdString(resourcesFolder() + "/sweeps")),
                                                          "Sweep specs (*.json)");
        if (path.isEmpty()) return;
        rememberFolder("sweep", path);
        runSpec(path);
    });
    connect(add, &QPushButton::clicked, this, [this] {
        const QStringList paths = QFileDialog::getOpenFileNames(this, "Add sweep results", lastFolder("sweep-results"), "Sweep results (*.jsonl);;All files (*)");
        if (paths.isEmpty()) return;
        rememberFolder("sweep-results", paths.first());
        editView(
            [&](TradeoffView& v) {
                for (const QString& p : paths)
                    if (std::find(v.results.begin(), v.results.end(), p.toStdString()) == v.results.end()) v.results.push_back(p.toStdString());
            },
            "Add sweep results");
    });
    connect(m_remove, &QPushButton::clicked, this, [this] { editView([](TradeoffView& v) { v.results.clear(); }, "Remove sweep results"); });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export the figure", QDir(lastFolder("figure")).filePath("colcomb-" + m_figure->currentData().toString() + ".pdf"),
                                                          "PDF (*.pdf);;SVG (*.svg);;PNG (*.png);;Data as CSV (*.csv);;Data as JSON (*.json)");
        if (path.isEmpty()) return;
        rememberFolder("figure", path);
        if (const QString error = exportTo(path, printSize()); !error.isEmpty()) m_status->setText("<span style='color:#b00'>" + error.toHtmlEscaped() + "</span>");
        else m_status->setText("Wrote " + path.toHtmlEscaped());
    });
    connect(m_widthMm, &QDoubleSpinBox::valueChanged, this, [this](double v) { editView([v](TradeoffView& t) { t.widthMm = v; }, "Figure width", "width"); });
    connect(m_heightMm, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        editView([v](TradeoffView& t) { t.heightMm = v < 10.0 ? 0.0 : v; }, "Figure height", "height");  // below 10 mm: auto
    });
    connect(m_dpi, &QSpinBox::valueChanged, this, [this](int v) { editView([v](TradeoffView& t) { t.dpi = v; }, "Figure resolution", "dpi"); });
    connect(m_cancel, &QPushButton::clicked, m_sweeps, &SweepDocument::cancel);
    connect(m_chart, &TradeoffChart::resultClicked, this, &TradeoffsPanel::pointChosen);

    connect(m_sweeps, &SweepDocument::viewChanged, this, &TradeoffsPanel::refreshControls);
    connect(m_sweeps, &SweepDocument::resultsChanged, this, &TradeoffsPanel::redraw);
    connect(m_sweeps, &SweepDocument::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_run->setEnabled(!busy);
    });
    connect(m_sweeps, &SweepDocument::progress, this, [this](int done, int total, const QString& detail) {
        if (m_sweeps->view().results.empty())
            m_files->setText("Running " + QFileInfo(m_sweeps->runningSpec()).fileName() + ": points appear as they finish.");
        m_progress->setRange(0, std::max(total, 1));
        m_progress->setValue(done);
        m_status->setText(QFileInfo(m_sweeps->runningSpec()).fileName().toHtmlEscaped() + ": " + detail.toHtmlEscaped());
    });
    connect(m_sweeps, &SweepDocument::runFinished, this, [this](const QString& path) {
        m_status->setText("Sweep finished: " + path.toHtmlEscaped());
    });
    connect(m_sweeps, &SweepDocument::runFailed, this, [this](const QString& message) {
        m_status->setText("<span style='color:#b00'>The sweep failed: " + message.toHtmlEscaped() + "</span>");
    });
    connect(m_sweeps, &SweepDocument::runCancelled, this, [this](int done, int total) {
        m_status->setText(QString("Cancelled after %1 of %2 points; they are cached, so running the spec again continues from there.").arg(done).arg(total));
    });
    refreshControls();
}

void TradeoffsPanel::editView(const std::function<void(TradeoffView&)>& change, const QString& text, const QString& field)
{
    TradeoffView view = m_sweeps->view();
    change(view);
    emit viewEdited(view, text, field);
}

void TradeoffsPanel::refreshControls()
{
    const TradeoffView& v = m_sweeps->view();
    m_figure->setCurrentIndex(std::max(0, m_figure->findData(QString::fromStdString(v.figure))));
    m_x->setCurrentIndex(std::max(0, m_x->findData(QString::fromStdString(v.x))));
    m_y->setCurrentIndex(std::max(0, m_y->findData(QString::fromStdString(v.y))));
    for (QAbstractSpinBox* box : std::initializer_list<QAbstractSpinBox*>{m_widthMm, m_heightMm, m_dpi}) box->blockSignals(true);
    m_widthMm->setValue(v.widthMm);
    m_heightMm->setValue(v.heightMm);
    m_dpi->setValue(v.dpi);
    for (QAbstractSpinBox* box : std::initializer_list<QAbstractSpinBox*>{m_widthMm, m_heightMm, m_dpi}) box->blockSignals(false);
    const bool pareto = v.figure == "pareto";
    {
        const QSignalBlocker block(m_barValues);
        m_barValues->setChecked(v.barValues);
    }
    m_barValues->setVisible(v.figure == "hardware" || v.figure == "tiles" || v.figure == "energy");
    for (QWidget* w : std::initializer_list<QWidget*>{m_x, m_y, m_xLabel, m_yLabel}) w->setVisible(pareto);
    // The methods figure puts accuracy up: only its x is a choice.
    for (QWidget* w : std::initializer_list<QWidget*>{m_x, m_xLabel}) w->setVisible(pareto || v.figure == "methods");
    QStringList names;
    for (const std::string& r : v.results) names << QFileInfo(QString::fromStdString(r)).fileName();
    m_files->setText(v.results.empty() ? QString("No sweep results: run a spec, reproduce a figure of the paper, or add a results file.")
                                       : QString("%1 results file%2: %3").arg(v.results.size()).arg(v.results.size() == 1 ? "" : "s").arg(names.join(", ")));
    QStringList tips;
    for (const std::string& r : v.results) tips << QString::fromStdString(r);
    m_files->setToolTip(tips.join("\n"));
    m_remove->setEnabled(!v.results.empty());
    redraw();
}

void TradeoffsPanel::refreshSweepChoice()
{
    // Every sweep among the results, and the view's own even before its first point arrives.
    const std::string shown = m_sweeps->view().sweep;
    std::vector<std::string> names = sweepNames(m_sweeps->results());
    if (!shown.empty() && std::find(names.begin(), names.end(), shown) == names.end()) names.push_back(shown);
    const QSignalBlocker block(m_sweep);
    m_sweep->clear();
    m_sweep->addItem(names.size() > 1 ? QString("all %1 sweeps").arg(names.size()) : QString("all results"), QString());
    for (const std::string& n : names)
        if (!n.empty()) m_sweep->addItem(QString::fromStdString(n), QString::fromStdString(n));
    m_sweep->setCurrentIndex(std::max(0, m_sweep->findData(QString::fromStdString(shown))));
}

void TradeoffsPanel::redraw()
{
    refreshSweepChoice();
    const TradeoffView& v = m_sweeps->view();
    const std::optional<FigureKind> kind = parseFigureKind(v.figure);
    FigureData figure;
    if (!kind) {
        figure.missing = "the workspace names an unknown figure '" + v.figure + "'";
    } else {
        try {
            figure = makeFigure(*kind, m_sweeps->results(), {v.x, v.y, v.sweep});
        } catch (const std::invalid_argument& e) {
            figure = makeFigure(*kind, m_sweeps->results(), {.sweep = v.sweep});  // a metric the workspace names is unknown: the defaults
            figure.missing = e.what();
        }
    }
    if (m_sweeps->results().empty()) figure.missing = "no sweep results yet";
    figure.valueLabels = v.barValues;
    m_chart->show(figure, m_sweeps->results());
    if (!m_sweeps->loadErrors().isEmpty())
        m_status->setText("<span style='color:#b00'>" + m_sweeps->loadErrors().join("<br>").toHtmlEscaped() + "</span>");
}

void TradeoffsPanel::runSpec(const QString& specPath)
{
    if (m_sweeps->isRunning()) return;
    // The chart follows the sweep being run; the workspace's other results stay, one choice away.
    std::string name;
    try {
        name = readSweepSpec(specPath.toStdString()).name;
    } catch (const std::exception&) {
    }  // the run itself says what is wrong with the spec
    if (!name.empty()) editView([&](TradeoffView& v) { v.sweep = name; }, "Show " + QString::fromStdString(name));
    QDir().mkpath(resultsFolder());
    m_sweeps->run(specPath, QDir(resultsFolder()).filePath(QFileInfo(specPath).completeBaseName() + ".jsonl"));
}

void TradeoffsPanel::reproduce(int number)
{
    const auto& figures = paperFigures();
    const auto f = std::find_if(figures.begin(), figures.end(), [&](const PaperFigure& p) { return p.number == number && p.kind; });
    if (f == figures.end() || m_sweeps->isRunning()) return;
    editView([&](TradeoffView& v) { v.figure = figureKindName(*f->kind); }, QString("Reproduce figure %1").arg(number));
    runSpec(QString::fromStdString(f->quickSpec));
}

PrintSize TradeoffsPanel::printSize() const
{
    const TradeoffView& v = m_sweeps->view();
    return {v.widthMm, v.heightMm, v.dpi};
}

QString TradeoffsPanel::exportTo(const QString& path, const PrintSize& size) const
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "csv" || suffix == "json") return writeFigureData(m_chart->figure(), m_chart->results(), path);
    return writeTradeoffFigure(m_chart->figure(), m_chart->results(), size, path);
}

void TradeoffsPanel::bind(WorkspaceDocument& workspace)
{
    connect(this, &TradeoffsPanel::viewEdited, &workspace, &WorkspaceDocument::editTradeoffs);
    connect(this, &TradeoffsPanel::pointChosen, &workspace, &WorkspaceDocument::showSweepPoint);
    connect(m_sweeps, &SweepDocument::runFailed, this, [this](const QString& message) { showError(this, "The sweep failed", message); });
}

} // namespace colcomb::ui
