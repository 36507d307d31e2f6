#include "MainWindow.h"

#include "ArrayPanel.h"
#include "LayerChooser.h"
#include "MatricesTab.h"
#include "MetricsPanel.h"
#include "Notices.h"
#include "NetworkPanel.h"
#include "PackingStepsPanel.h"
#include "ParameterPanel.h"
#include "ReportExport.h"
#include "RunsPanel.h"
#include "StudioActions.h"
#include "StudioSettings.h"
#include "TradeoffsPanel.h"
#include "TrainingPanel.h"
#include "WorkspaceFiles.h"
#include "packing/StepThroughExample.h"
#include "sweep/Figures.h"
#include "training/Bundled.h"

#include <QAction>
#include <QComboBox>
#include <QCoreApplication>
#include <QCloseEvent>
#include <QDir>
#include <QToolButton>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace colcomb::ui {

MainWindow::MainWindow(WorkspaceDocument* workspace, QWidget* parent)
    : QMainWindow(parent), m_workspace(workspace), m_document(workspace->layer()), m_actions(new StudioActions(workspace->undoStack(), this)),
      m_files(new WorkspaceFiles(workspace, m_actions, this)),
      m_matrices(new MatricesTab(workspace->stepping())), m_parameters(new ParameterPanel), m_metrics(new MetricsPanel),
      m_array(new ArrayPanel(workspace->simulationJob())), m_training(new TrainingPanel(workspace->training())),
      m_runs(new RunsPanel(workspace->runs(), workspace->evaluation())), m_networkPanel(new NetworkPanel(workspace->network())),
      m_tradeoffs(new TradeoffsPanel(workspace->sweeps())), m_layerChooser(new LayerChooser), m_tabs(new QTabWidget), m_hover(new QLabel),
      m_busy(new QLabel), m_cancelPacking(new QToolButton)
{
    setAcceptDrops(true);
    resize(1400, 800);
    m_tabs->addTab(m_matrices, "Filter matrices");
    m_tabs->addTab(m_networkPanel, "Network");
    m_tabs->addTab(m_array, "Systolic array");
    m_tabs->addTab(m_training, "Training");
    m_tabs->addTab(m_runs, "Compare");
    m_tabs->addTab(m_tradeoffs, "Trade-offs");
    m_side = buildSidePanel();
    m_split = new QSplitter(Qt::Horizontal);
    m_split->addWidget(m_tabs);
    m_split->addWidget(m_side);
    m_split->setStretchFactor(0, 1);
    setCentralWidget(m_split);
    m_hover->setObjectName("hoverLabel");
    statusBar()->addWidget(m_hover, 1);
    statusBar()->addPermanentWidget(m_busy);
    m_cancelPacking->setObjectName("cancelPacking");
    m_cancelPacking->setText("Stop");
    m_cancelPacking->setToolTip("Stop the search or exact solve and keep the packing shown before it");
    m_cancelPacking->setVisible(false);
    statusBar()->addPermanentWidget(m_cancelPacking);
    m_actions->addMenusAndToolBar(m_layerChooser, m_matrices->colouringBox());

    m_matrices->bind(*m_document);
    m_parameters->bind(*m_workspace);
    m_metrics->bind(*m_document);
    m_array->bind(*m_workspace);
    m_networkPanel->bind(*m_workspace);
    m_training->bind(*m_workspace);
    m_runs->bind(*m_workspace);
    m_tradeoffs->bind(*m_workspace);
    m_layerChooser->bind(*m_workspace);
    connectActions();
    connectPanels();

    updateTitle();
    restoreGeometry(storedLayout("geometry"));
    m_split->restoreState(storedLayout("split"));
    m_matrices->plotSplitter()->restoreState(storedLayout("plots"));
}

QWidget* MainWindow::buildSidePanel()
{
    auto* side = new QWidget;
    auto* layout = new QVBoxLayout(side);
    auto* paramBox = new QGroupBox("Column combining");
    (new QVBoxLayout(paramBox))->addWidget(m_parameters);
    auto* metricBox = new QGroupBox("Metrics");
    (new QVBoxLayout(metricBox))->addWidget(m_metrics);
    layout->addWidget(paramBox);
    layout->addWidget(metricBox, 1);
    auto* help = new QLabel(
        "Column combining packs sparse columns into groups that share one array column. <b>alpha</b> caps the "
        "columns in a group, <b>gamma</b> the conflicts (rows where two of its columns hold a weight). Conflicts are "
        "resolved by keeping the larger weight; the others are pruned (black).");
    help->setWordWrap(true);
    help->setObjectName("helpText");
    layout->addWidget(help);
    side->setMinimumWidth(330);
    side->setMaximumWidth(440);
    return side;
}

void MainWindow::connectActions()
{
    StudioActions* a = m_actions;
    connect(a->open, &QAction::triggered, m_files, &WorkspaceFiles::chooseAndOpen);
    connect(a->exportFigure, &QAction::triggered, this, [this] { chooseAndExport(false); });
    connect(a->exportPrintFigure, &QAction::triggered, this, [this] { chooseAndExport(true); });
    connect(a->exportReport, &QAction::triggered, this, &MainWindow::chooseAndExportReport);
    connect(a->newWorkspace, &QAction::triggered, m_files, &WorkspaceFiles::startNew);
    connect(a->openWorkspace, &QAction::triggered, m_files, &WorkspaceFiles::chooseAndOpenWorkspace);
    connect(a, &StudioActions::recentChosen, m_files, &WorkspaceFiles::openAsked);
    connect(a->saveWorkspace, &QAction::triggered, m_files, [this] { m_files->save(false); });
    connect(a->saveWorkspaceAs, &QAction::triggered, m_files, [this] { m_files->save(true); });
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->resetParameters, &QAction::triggered, this, [this] { m_workspace->editParams(PackingParams{}); });
    connect(a->resetZoom, &QAction::triggered, m_matrices, &MatricesTab::resetZoom);
    connect(a->syncZoom, &QAction::toggled, m_matrices, &MatricesTab::setZoomSynchronised);
    connect(a->fullScreen, &QAction::triggered, this, &MainWindow::toggleFullScreen);
    connect(new QShortcut(QKeySequence(Qt::Key_Escape), this), &QShortcut::activated, this, [this] {
        if (m_presenting) toggleFullScreen();
    });
    connect(a->teach, &QAction::triggered, this, &MainWindow::showTeachingExample);
    connect(a->stepThrough, &QAction::toggled, this, &MainWindow::setStepping);
    connect(a->stepExample, &QAction::triggered, this, &MainWindow::showStepThroughExample);
    connect(a, &StudioActions::reproduceChosen, this, [this](int figure) {
        if (figure == 1) return reproduceMatrixFigure();
        m_tabs->setCurrentWidget(m_tradeoffs);
        m_tradeoffs->reproduce(figure);
    });
    connect(a->shortcuts, &QAction::triggered, this, [this] { QMessageBox::information(this, "Keyboard shortcuts", StudioActions::keyboardShortcutsText()); });
    connect(a->about, &QAction::triggered, this, [this] { QMessageBox::about(this, "About ColComb Studio", StudioActions::aboutText()); });
}

void MainWindow::connectPanels()
{
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (!m_presenting) m_side->setVisible(showsPackingParameters());
        if (m_tabs->currentWidget() == m_array) m_array->focusArray();
    });
    // Hovering a weight names it; clicking it selects the array cell that holds it, and selecting
    // a cell marks its weight.
    connect(m_matrices, &MatricesTab::hovered, m_hover, &QLabel::setText);
    connect(m_matrices, &MatricesTab::weightClicked, m_array, &ArrayPanel::selectWeight);
    connect(m_array, &ArrayPanel::weightSelected, m_matrices, &MatricesTab::markWeight);
    connect(m_array, &ArrayPanel::fullScreenRequested, this, &MainWindow::toggleFullScreen);
    connect(stepsPanel(), &PackingStepsPanel::closeRequested, this, [this] { setStepping(false); });
    connect(stepsPanel(), &PackingStepsPanel::exportRequested, this, &MainWindow::chooseAndExportSteps);
    // A finished or stopped run opens in the studio: its layers, packed as trained.
    connect(m_workspace->training(), &TrainingJob::ended, this, [this](const RunRecord& run) { openFile(QString::fromStdString(run.modelPath)); });
    connect(m_runs, &RunsPanel::runSelected, this, [this](const RunRecord& run) { m_training->showHistory(run.history, QString::fromStdString(run.name)); });
    connect(m_runs, &RunsPanel::openRequested, this, [this](const QString& path) {
        openFile(path);
        showTab("matrices");
    });
    connect(m_runs, &RunsPanel::simulateRequested, this, [this](const QString& path) {
        openFile(path);
        showArrayTab();
    });
    connect(m_tradeoffs, &TradeoffsPanel::pointChosen, this, [this](const nlohmann::json& result) {
        m_tabs->setCurrentWidget(m_matrices);
        statusBar()->showMessage("Showing " + QString::fromStdString(pointLabel(result)), 6000);
    });
    connect(m_networkPanel, &NetworkPanel::openRequested, this, [this](int row) {
        if (m_workspace->network()->modelLayerOfRow(static_cast<std::size_t>(row)) >= 0) m_tabs->setCurrentWidget(m_matrices);
    });
    connect(m_networkPanel, &NetworkPanel::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
    connect(m_workspace, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_workspace, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &LayerDocument::sourceChanged, this, &MainWindow::updateTitle);
    connect(m_document, &LayerDocument::busyChanged, this, [this](bool busy) {
        const CombineMethod method = m_document->params().method;
        m_busy->setText(!busy ? QString() : method == CombineMethod::Exact ? "solving exactly..." : method == CombineMethod::Search ? "searching..." : "packing...");
        m_cancelPacking->setVisible(busy && takesTime(method));
    });
    connect(m_cancelPacking, &QToolButton::clicked, m_document, &LayerDocument::cancelPacking);
    connect(m_document, &LayerDocument::packingFailed, this, [this](const QString& m) { showError(this, "Packing failed", m); });
    connect(m_document, &LayerDocument::loadFailed, this, [this](const QString& m) { showError(this, "Cannot open file", m); });
    connect(m_workspace, &WorkspaceDocument::sourceMissing, this, [this](const QString& m) {
        showInformation(this, "The workspace's layer file is gone", m, "sourceMissingDialog");
    });
}

QMenu* MainWindow::recentMenu() const { return m_actions->recentMenu(); }

PackingStepsPanel* MainWindow::stepsPanel() const { return m_matrices->stepsPanel(); }

bool MainWindow::isStepping() const { return m_matrices->isStepping(); }

void MainWindow::setStepping(bool on)
{
    const QSignalBlocker block(m_actions->stepThrough);
    m_actions->stepThrough->setChecked(on);
    if (on) showTab("matrices");
    m_matrices->setStepping(on);
    // A step's partial packing has columns in no group yet, so its counts would read as pruning:
    // the metrics stay the finished packing's, and say so.
    m_metrics->setNote(on ? "While stepping: the finished packing's numbers. The plots show one step of it." : QString());
}

void MainWindow::showStepThroughExample()
{
    const StepThroughExample e = stepThroughExample();
    m_workspace->showGenerated(e.weights, "greedy vs pairwise (8 x 12, alpha 3)", e.params, "Show the greedy vs pairwise example");
    setStepping(true);
}

QString MainWindow::exportStepsTo(const QString& path, bool gif, QSize size, int delayMs) { return m_matrices->exportStepsTo(path, gif, size, delayMs); }

void MainWindow::chooseAndExportSteps()
{
    const QString path = QFileDialog::getSaveFileName(this, "Export the steps", QDir(lastFolder("steps")).filePath("colcomb-steps.gif"),
                                                      "Animated GIF (*.gif);;PNG frames into a folder (*)");
    if (path.isEmpty()) return;
    rememberFolder("steps", path);
    const bool gif = path.endsWith(".gif", Qt::CaseInsensitive);
    if (const QString error = exportStepsTo(path, gif, QSize(1200, 560), 700); !error.isEmpty()) showError(this, "Export failed", error);
    else statusBar()->showMessage(QString("%1 steps written to %2").arg(stepsPanel()->stepCount() + 1).arg(path), 8000);
}

void MainWindow::showArrayTab() { m_tabs->setCurrentWidget(m_array); }

bool MainWindow::showTab(const QString& name)
{
    const std::pair<const char*, QWidget*> tabs[] = {{"matrices", m_matrices}, {"network", m_networkPanel}, {"array", m_array},
                                                     {"training", m_training},  {"compare", m_runs},          {"tradeoffs", m_tradeoffs}};
    for (const auto& [tabName, widget] : tabs)
        if (name == tabName) {
            m_tabs->setCurrentWidget(widget);
            return true;
        }
    return false;
}

bool MainWindow::showsPackingParameters() const
{
    return m_tabs->currentWidget() == m_matrices || m_tabs->currentWidget() == m_array || m_tabs->currentWidget() == m_networkPanel;
}

void MainWindow::showTeachingExample()
{
    const TeachingExample& e = m_array->teachingData();
    m_array->showTeachingExample();
    m_workspace->showGenerated(e.weights, "teaching example (4 x 6, alpha 3)", e.params, "Show the worked example");
    showArrayTab();
    m_array->focusArray();  // arrows and space drive the example at once
}

void MainWindow::toggleFullScreen()
{
    const bool enter = !m_presenting;
    m_presenting = enter;  // before the tab switch below, whose handler shows the side panel otherwise
    // Presenting shows the array and its controls only.
    m_side->setVisible(!enter && showsPackingParameters());
    m_actions->fullScreen->setChecked(enter);
    m_array->setFullScreenShown(enter);
    menuBar()->setVisible(!enter);
    statusBar()->setVisible(!enter);
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->setVisible(!enter);
    if (enter) {
        showArrayTab();
        showFullScreen();
        m_array->focusArray();
    } else {
        showNormal();
    }
}

QString MainWindow::openFile(const QString& path) { return m_files->open(path); }

QString MainWindow::openWorkspace(const QString& path) { return m_workspace->open(path); }

QString MainWindow::saveWorkspaceTo(const QString& path) { return m_files->saveTo(path); }

void MainWindow::offerRecovery(const QString& policy) { m_files->offerRecovery(policy); }

void MainWindow::updateTitle()
{
    setWindowTitle(QString("ColComb Studio - %1 - %2%3").arg(m_workspace->displayName(), m_document->sourceName(), isModified() ? " *" : ""));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!m_files->maybeSave("closing")) {
        event->ignore();
        return;
    }
    storeLayout("geometry", saveGeometry());
    storeLayout("split", m_split->saveState());
    storeLayout("plots", m_matrices->plotSplitter()->saveState());
    rememberParams(m_workspace->userParams());  // not the worked example's
    event->accept();
}

QString MainWindow::exportFigureTo(const QString& path)
{
    if (m_tabs->currentWidget() == m_training) return exportFigure({m_training->accuracyPlot(), m_training->packingPlot()}, QSize(700, 420), path);
    if (m_tabs->currentWidget() == m_runs) return m_runs->exportChartTo(path);
    if (m_tabs->currentWidget() == m_tradeoffs) return m_tradeoffs->exportTo(path, m_tradeoffs->printSize());
    return m_matrices->exportFigureTo(path);
}

QString MainWindow::exportPrintFigureTo(const QString& path, const PrintSize& size)
{
    if (m_tabs->currentWidget() == m_tradeoffs) return m_tradeoffs->exportTo(path, size);
    if (m_tabs->currentWidget() == m_training) return exportPrintFigure({m_training->accuracyPlot(), m_training->packingPlot()}, size, path);
    if (m_tabs->currentWidget() == m_runs) return exportPrintFigure({m_runs->chart()}, size, path);
    return m_matrices->exportPrintFigureTo(path, size);
}

QString MainWindow::exportReportTo(const QString& folder)
{
    ReportInputs inputs;
    inputs.results = m_workspace->sweeps()->results();
    inputs.view = m_workspace->sweeps()->view();
    inputs.packing = m_document->packing();
    inputs.source = m_document->sourcePath().isEmpty() ? m_document->sourceName() : m_document->sourcePath();
    inputs.version = QCoreApplication::applicationVersion();
    inputs.size = m_tradeoffs->printSize();
    return exportReport(folder, inputs);
}

void MainWindow::reproduceMatrixFigure()
{
    PackingParams params;
    params.alpha = 8;
    params.gamma = 0.5;
    params.array = {64, 64};
    m_workspace->editParams(params);
    if (!m_document->packing()) openFile(QString::fromStdString(resourcesFolder() + "/models/demo.json"));
    m_tabs->setCurrentWidget(m_matrices);
}

void MainWindow::chooseAndExport(bool print)
{
    const QString path = QFileDialog::getSaveFileName(this, print ? "Export figure for print" : "Export figure",
                                                      QDir(lastFolder("figure")).filePath("colcomb-figure.pdf"), "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");
    if (path.isEmpty()) return;
    rememberFolder("figure", path);
    const QString error = print ? exportPrintFigureTo(path, m_tradeoffs->printSize()) : exportFigureTo(path);
    if (!error.isEmpty()) showError(this, "Export failed", error);
    else statusBar()->showMessage("Figure written to " + path, 5000);
}

void MainWindow::chooseAndExportReport()
{
    const QString folder = QFileDialog::getExistingDirectory(this, "Folder for the report", lastFolder("report"));
    if (folder.isEmpty()) return;
    rememberFolder("report", folder + "/");
    if (const QString error = exportReportTo(folder); !error.isEmpty()) showError(this, "Export failed", error);
    else statusBar()->showMessage("Report written to " + folder + "/index.html", 8000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && WorkspaceFiles::canOpen(urls.first())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && WorkspaceFiles::canOpen(urls.first())) m_files->openAsked(urls.first().toLocalFile());
}

} // namespace colcomb::ui
