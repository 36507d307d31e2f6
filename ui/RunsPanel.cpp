#include "RunsPanel.h"

#include "FigureExport.h"
#include "Notices.h"
#include "StudioSettings.h"
#include "WorkspaceDocument.h"
#include "training/Bundled.h"
#include "training/ModelEvaluation.h"
#include "io/PackedLayerFile.h"
#include "training/QuantizedInference.h"

#include <qcustomplot.h>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {

const QStringList kLayerColumns{"layer", "type", "matrix", "alpha", "groups", "nonzeros", "eff. unpacked", "eff. packed", "tiles unp.", "tiles packed"};

QString percent(double v) { return QString::number(v * 100.0, 'f', 2) + "%"; }

// Bars for one measure per run, side by side with the other measures' bars.
QCPBars* barSeries(QCustomPlot* plot, const QString& name, QColor colour, double offset)
{
    auto* bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(name);
    bars->setPen(Qt::NoPen);
    bars->setBrush(colour);
    bars->setWidth(0.22);
    bars->setProperty("offset", offset);
    return bars;
}

} // namespace

RunsPanel::RunsPanel(RunsModel* runs, EvaluationJob* evaluation, QWidget* parent)
    : QWidget(parent), m_runs(runs), m_evaluation(evaluation), m_table(new QTableView),
      m_layers(new QTableWidget(0, static_cast<int>(kLayerColumns.size()))), m_chart(new QCustomPlot), m_status(new QLabel),
      m_open(new QPushButton("Show matrices")), m_simulate(new QPushButton("Simulate on array")), m_remove(new QPushButton("Remove")),
      m_exportPacked(new QPushButton("Export packed layers...")), m_add(new QPushButton("Add model file..."))
{
    m_table->setObjectName("runsTable");
    m_table->setModel(m_runs);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setToolTip("Unpacked: the same sparse weights, one array column per input column (what pruning alone gives). "
                        "Packed: with the run's column groups.");

    m_layers->setObjectName("runLayersTable");
    m_layers->setHorizontalHeaderLabels(kLayerColumns);
    m_layers->horizontalHeaderItem(6)->setToolTip("Utilization efficiency without column combining: nonzeros / (nonempty rows x nonzero columns)");
    m_layers->horizontalHeaderItem(7)->setToolTip("Utilization efficiency with the run's column groups: nonzeros / (nonempty rows x groups)");
    m_layers->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_layers->verticalHeader()->setVisible(false);
    m_layers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_layers->setSelectionMode(QAbstractItemView::NoSelection);

    m_chart->setObjectName("runsChart");
    m_chart->setMinimumHeight(260);
    m_chart->yAxis->setLabel("%");
    m_chart->plotLayout()->insertRow(0);
    m_chart->plotLayout()->addElement(0, 0, new QCPTextElement(m_chart, "Accuracy and utilization efficiency per run", QFont("sans", 11, QFont::Bold)));
    m_chart->yAxis->setRange(0, 105);
    // The legend in a row of its own under the bars, which reach the top at 100%.
    m_chart->legend->setVisible(true);
    m_chart->axisRect()->insetLayout()->take(m_chart->legend);
    m_chart->plotLayout()->addElement(2, 0, m_chart->legend);
    m_chart->plotLayout()->setRowStretchFactor(2, 0.001);
    // Two entries a row: the three long names side by side ran past a narrow chart's edge.
    m_chart->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_chart->legend->setWrap(2);
    barSeries(m_chart, "test accuracy", QColor(31, 120, 180), -0.25);
    barSeries(m_chart, "utilization efficiency unpacked", QColor(178, 178, 178), 0.0);
    barSeries(m_chart, "utilization efficiency packed", QColor(51, 160, 44), 0.25);

    QPushButton* add = m_add;
    add->setToolTip("Evaluate a saved model (e.g. the bundled demo-dense.json) on the training form's data set and add it");
    auto* exportChart = new QPushButton("Export chart...");
    exportChart->setToolTip("Save the chart as PDF, SVG or PNG");
    m_open->setToolTip("Show the selected run's layers in the Filter matrices tab, packed with its trained groups");
    m_simulate->setToolTip("Run the selected run's packed layer on the simulated array");
    m_remove->setToolTip("Remove the selected run from the workspace (undoable)");
    m_open->setObjectName("runsOpen");
    m_simulate->setObjectName("runsSimulate");
    m_status->setWordWrap(true);
    m_status->setObjectName("runsStatus");
    auto* buttons = new QHBoxLayout;
    m_exportPacked->setToolTip("Write the run's packed layers (batch norm folded, 8-bit) as files that colcomb simulate --packed runs");
    for (QPushButton* b : {add, m_open, m_simulate, m_exportPacked, m_remove, exportChart}) buttons->addWidget(b);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    auto* lower = new QHBoxLayout;
    lower->addWidget(m_layers, 1);
    lower->addWidget(m_chart, 1);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addLayout(lower, 2);

    connect(add, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, "Add a trained model", lastFolder("models", QString::fromStdString(resourcesFolder() + "/models")),
                                                          "ColComb models (*.json)");
        if (path.isEmpty()) return;
        rememberFolder("models", path);
        emit addModelRequested(path);
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const int r = selectedRun(); r >= 0) emit openRequested(QString::fromStdString(this->runs()[static_cast<std::size_t>(r)].modelPath));
    });
    connect(m_simulate, &QPushButton::clicked, this, [this] {
        if (const int r = selectedRun(); r >= 0) emit simulateRequested(QString::fromStdString(this->runs()[static_cast<std::size_t>(r)].modelPath));
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (const int r = selectedRun(); r >= 0) emit removeRequested(r);
    });
    connect(m_exportPacked, &QPushButton::clicked, this, [this] {
        const int r = selectedRun();
        if (r < 0) return;
        const QString folder = QFileDialog::getExistingDirectory(this, "Folder for the packed layers", lastFolder("packed"));
        if (folder.isEmpty()) return;
        rememberFolder("packed", folder);
        if (const QString error = exportPackedLayersTo(r, folder); !error.isEmpty()) showError(this, "Export failed", error);
    });
    connect(exportChart, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export chart", QDir(lastFolder("figure")).filePath("colcomb-runs.pdf"),
                                                          "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");
        if (path.isEmpty()) return;
        rememberFolder("figure", path);
        if (const QString error = exportChartTo(path); !error.isEmpty()) showError(this, "Export failed", error);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        for (QPushButton* b : {m_open, m_simulate, m_exportPacked, m_remove}) b->setEnabled(selectedRun() >= 0);
        showLayersOf(selectedRun());
        if (const int r = selectedRun(); r >= 0) emit runSelected(this->runs()[static_cast<std::size_t>(r)]);
    });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        emit openRequested(QString::fromStdString(this->runs()[static_cast<std::size_t>(index.row())].modelPath));
    });
    connect(m_runs, &QAbstractItemModel::modelReset, this, [this] {
        refresh();
        if (!this->runs().empty()) m_table->selectRow(static_cast<int>(this->runs().size()) - 1);
    });
    // The evaluation is the workspace's: this shows it, and selects the run it adds.
    connect(m_evaluation, &EvaluationJob::started, this, [this](const QString& file, const QString& dataset) {
        m_add->setEnabled(false);
        m_status->setText("Evaluating " + QFileInfo(file).fileName() + " on " + dataset + " (float and 8-bit)...");
    });
    connect(m_evaluation, &EvaluationJob::evaluated, this, [this](const RunRecord& run) {
        selectRunOf(run.modelPath);
        m_status->setText("Added " + QString::fromStdString(run.name) + ".");
    });
    connect(m_evaluation, &EvaluationJob::failed, this, [this](const QString&, const QString& error) {
        m_status->setText("Could not evaluate the model: " + error);
        showError(this, "Cannot add the model", error);
    });
    connect(m_evaluation, &EvaluationJob::ended, this, [this] { m_add->setEnabled(true); });
    refresh();
}

void RunsPanel::selectRunOf(const std::string& modelPath)
{
    const auto at = std::find_if(runs().begin(), runs().end(), [&](const RunRecord& r) { return r.modelPath == modelPath; });
    if (at != runs().end()) m_table->selectRow(static_cast<int>(at - runs().begin()));
}

int RunsPanel::selectedRun() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void RunsPanel::refresh()
{
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    std::vector<QVector<double>> values(3);
    QVector<double> positions;
    for (const RunRecord& r : runs()) {
        if (!r.evaluation) continue;
        const ModelEvaluation& e = *r.evaluation;
        const double x = static_cast<double>(positions.size() + 1);
        positions.push_back(x);
        values[0].push_back(e.testAccuracy * 100);
        values[1].push_back(e.utilizationUnpacked * 100);
        values[2].push_back(e.utilization * 100);
        ticker->addTick(x, QString::fromStdString(r.name).section(',', 0, 1));
    }
    for (int k = 0; k < 3; ++k) {
        auto* bars = qobject_cast<QCPBars*>(m_chart->plottable(k));
        QVector<double> x;
        for (double p : positions) x.push_back(p + bars->property("offset").toDouble());
        bars->setData(x, values[static_cast<std::size_t>(k)], true);
    }
    m_chart->xAxis->setTicker(ticker);
    m_chart->xAxis->setRange(0.4, static_cast<double>(std::max<qsizetype>(positions.size(), 1)) + 0.6);
    m_chart->replot();
    for (QPushButton* b : {m_open, m_simulate, m_exportPacked, m_remove}) b->setEnabled(selectedRun() >= 0);
    showLayersOf(selectedRun());
    if (m_evaluation->isRunning()) return;
    m_status->setText(runs().empty() ? "No runs yet: train one in the Training tab, or add a saved model (the bundled demo-dense.json and demo.json, say)."
                                     : "Select a run to show its filter matrices or run its layers on the array (double-click opens it).");
}

void RunsPanel::showLayersOf(int run)
{
    const bool shown = run >= 0 && runs()[static_cast<std::size_t>(run)].evaluation;
    const std::vector<LayerEvaluation> none;
    const std::vector<LayerEvaluation>& layers = shown ? runs()[static_cast<std::size_t>(run)].evaluation->layers : none;
    m_layers->setRowCount(static_cast<int>(layers.size()));
    for (std::size_t i = 0; i < layers.size(); ++i) {
        const LayerEvaluation& l = layers[i];
        const QStringList cells{QString::number(l.layer), QString::fromStdString(l.type), QString("%1 x %2").arg(l.rows).arg(l.cols), QString::number(l.alpha),
                                QString::number(l.groups), QString::number(l.nnz), percent(l.utilizationUnpacked), percent(l.utilizationPacked),
                                QString::number(l.tilesUnpacked), QString::number(l.tilesPacked)};
        for (int c = 0; c < static_cast<int>(cells.size()); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c != 1) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_layers->setItem(static_cast<int>(i), c, item);
        }
    }
}

QString RunsPanel::exportPackedLayersTo(int run, const QString& folder)
{
    try {
        Model model = loadModel(runs().at(static_cast<std::size_t>(run)).modelPath);
        const std::vector<std::string> files = writePackedLayerFiles(model, folder.toStdString(), 8);
        m_status->setText(files.empty() ? "The run has no packed layers (alpha 1 everywhere): nothing written."
                                        : QString("Wrote %1 packed-layer files to %2; run one with: colcomb simulate --packed %3")
                                              .arg(files.size())
                                              .arg(folder, QString::fromStdString(files.front())));
        return {};
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
}

QString RunsPanel::exportChartTo(const QString& path) { return exportFigure({m_chart}, QSize(900, 500), path); }

void RunsPanel::bind(WorkspaceDocument& workspace)
{
    connect(this, &RunsPanel::removeRequested, &workspace, &WorkspaceDocument::removeRun);
    connect(this, &RunsPanel::addModelRequested, &workspace, &WorkspaceDocument::evaluateModelFile);
    connect(workspace.training(), &TrainingJob::ended, this, [this](const RunRecord& run) { selectRunOf(run.modelPath); });
}

} // namespace colcomb::ui
