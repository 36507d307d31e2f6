#include "MainWindow.h"

#include "ArrayPanel.h"
#include "FigureFiles.h"
#include "MetricsPanel.h"
#include "NetworkPanel.h"
#include "PackingStepsPanel.h"
#include "ParameterPanel.h"
#include "RunsPanel.h"
#include "StudioSettings.h"
#include "AnimationExport.h"
#include "packing/StepThroughExample.h"
#include "TrainingPanel.h"
#include "TradeoffsPanel.h"
#include "ReportExport.h"
#include "training/Bundled.h"
#include "sweep/PaperFigures.h"

#include <qcustomplot.h>

#include <QAction>
#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QDir>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressDialog>
#include <QPushButton>
#include <QMimeData>
#include <QSplitter>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {

// The legend as rich text: swatches, then the words they share.
QString legendHtml(const QList<LegendEntry>& entries)
{
    QString html;
    for (const LegendEntry& e : entries) {
        html += e.dashed ? QString("<span style='color:%1'>- - -</span>").arg(e.colour.name())
                         : QString("<span style='color:%1'>&#9632;</span>").arg(e.colour.name());
        if (!e.text.isEmpty()) html += " " + e.text.toHtmlEscaped() + " &nbsp;&nbsp; ";
    }
    return html + "<i>wheel: zoom, drag: pan, hover: details</i>";
}

// Workspaces are written with "format" as their first key; a hand-written one only has to
// mention its format early on.
bool isWorkspaceFile(const QString& path)
{
    if (!path.endsWith(".json", Qt::CaseInsensitive)) return false;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(4096).contains("\"colcomb.workspace\"");
}

bool isMatrixFile(const QUrl& url)
{
    const QString s = url.toLocalFile().toLower();
    return url.isLocalFile()
           && (s.endsWith(".npy") || s.endsWith(".csv") || s.endsWith(".json") || s.endsWith(".onnx") || s.endsWith(".npz") || s.endsWith(".zip"));
}

} // namespace

MainWindow::MainWindow(WorkspaceDocument* workspace, QWidget* parent)
    : QMainWindow(parent), m_workspace(workspace), m_document(workspace->layer()), m_original(new MatrixPlot(MatrixPlot::Kind::Original)),
      m_packed(new MatrixPlot(MatrixPlot::Kind::Packed)), m_parameters(new ParameterPanel), m_metrics(new MetricsPanel), m_array(new ArrayPanel(workspace->simulationJob())),
      m_training(new TrainingPanel(workspace->training())), m_runs(new RunsPanel(workspace->runs(), workspace->evaluation())), m_networkPanel(new NetworkPanel(workspace->network())), m_tradeoffs(new TradeoffsPanel(workspace->sweeps())), m_tabs(new QTabWidget), m_colouring(new QComboBox), m_layerChoice(new QComboBox),
      m_hover(new QLabel), m_busy(new QLabel), m_trainedGroups(new QCheckBox("trained groups"))
{
    setAcceptDrops(true);
    resize(1400, 800);

    auto* plots = m_plots = new QSplitter(Qt::Horizontal);
    plots->addWidget(m_original);
    plots->addWidget(m_packed);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    auto* legend = m_legend = new QLabel;
    legend->setObjectName("legend");
    legend->setWordWrap(true);
    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    m_steps = new PackingStepsPanel(m_workspace->stepping());
    m_steps->setVisible(false);
    centreLayout->addWidget(plots, 1);
    centreLayout->addWidget(m_steps);
    centreLayout->addWidget(legend);

    auto* side = new QWidget;
    auto* sideLayout = new QVBoxLayout(side);
    auto* paramBox = new QGroupBox("Column combining");
    (new QVBoxLayout(paramBox))->addWidget(m_parameters);
    auto* metricBox = new QGroupBox("Metrics");
    (new QVBoxLayout(metricBox))->addWidget(m_metrics);
    sideLayout->addWidget(paramBox);
    sideLayout->addWidget(metricBox, 1);
    auto* help = new QLabel(
        "Column combining packs sparse columns into groups that share one array column. <b>alpha</b> caps the "
        "columns in a group, <b>gamma</b> the conflicts (rows where two of its columns hold a weight). Conflicts are "
        "resolved by keeping the larger weight; the others are pruned (black).");
    help->setWordWrap(true);
    help->setObjectName("helpText");
    sideLayout->addWidget(help);
    side->setMinimumWidth(330);
    side->setMaximumWidth(440);

    m_matrixTab = centre;
    m_tabs->addTab(centre, "Filter matrices");
    m_tabs->addTab(m_networkPanel, "Network");
    m_tabs->addTab(m_array, "Systolic array");
    m_tabs->addTab(m_training, "Training");
    // The packing parameters belong to the matrix and array views; training and the comparison
    // have the width to themselves.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_side && !m_presenting) m_side->setVisible(showsPackingParameters());
        if (m_tabs->currentWidget() == m_array) m_array->focusArray();
        updateStepKeys();
    });
    connect(m_steps, &PackingStepsPanel::frameChanged, this, &MainWindow::drawStepFrame);
    connect(m_steps, &PackingStepsPanel::closeRequested, this, [this] { setStepping(false); });
    connect(m_steps, &PackingStepsPanel::exportRequested, this, &MainWindow::chooseAndExportSteps);
    m_tabs->addTab(m_runs, "Compare");
    // A finished or stopped run opens in the studio: its layers, packed as trained. Its result
    // joins the workspace's runs.
    connect(m_workspace->training(), &TrainingJob::ended, this, [this](const RunRecord& run) {
        m_runs->selectRunOf(run.modelPath);
        openFile(QString::fromStdString(run.modelPath));
    });
    connect(m_runs, &RunsPanel::removeRequested, m_workspace, &WorkspaceDocument::removeRun);
    // Trade-offs: its edits are the workspace's; a clicked point opens in the matrix view.
    m_tabs->addTab(m_tradeoffs, "Trade-offs");
    connect(m_tradeoffs, &TradeoffsPanel::viewEdited, m_workspace, &WorkspaceDocument::editTradeoffs);
    connect(m_workspace->sweeps(), &SweepDocument::runFailed, this, [this](const QString& message) { showError("The sweep failed", message); });
    connect(m_tradeoffs, &TradeoffsPanel::pointChosen, this, [this](const nlohmann::json& result) {
        m_workspace->showSweepPoint(result);
        m_tabs->setCurrentWidget(m_matrixTab);
        statusBar()->showMessage("Showing " + QString::fromStdString(pointLabel(result)), 6000);
    });
    // A network row shows its layer; its alpha is a parameter edit when that layer is shown (one
    // undo step), else that layer's own setting.
    NetworkDocument* network = m_workspace->network();
    connect(m_networkPanel, &NetworkPanel::layerChosen, this, [this, network](int row) {
        const int layer = network->modelLayerOfRow(static_cast<std::size_t>(row));
        if (layer >= 0) m_workspace->selectLayer(layer);
        else statusBar()->showMessage(QString::fromStdString(network->network()->layers[static_cast<std::size_t>(row)].name + " is not packed: "
                                                             + network->network()->layers[static_cast<std::size_t>(row)].notPacked), 8000);
    });
    connect(m_networkPanel, &NetworkPanel::openRequested, this, [this, network](int row) {
        if (network->modelLayerOfRow(static_cast<std::size_t>(row)) >= 0) m_tabs->setCurrentWidget(m_matrixTab);
    });
    connect(m_networkPanel, &NetworkPanel::alphaEdited, this,
            [this, network](int row, int alpha) { m_workspace->editLayerAlpha(network->modelLayerOfRow(static_cast<std::size_t>(row)), alpha); });
    connect(m_document, &LayerDocument::paramsChanged, this, [this, network] { m_networkPanel->showRow(network->rowOfModelLayer(m_document->currentModelLayer())); });
    connect(m_networkPanel, &NetworkPanel::exportRequested, this, &MainWindow::chooseAndExportNetwork);
    connect(network, &NetworkDocument::exported, this, [this](const QString& summary) {
        statusBar()->showMessage("Exported: " + summary, 10000);
        auto* box = new QMessageBox(QMessageBox::Information, "Export finished", summary, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
    connect(network, &NetworkDocument::exportFailed, this, [this](const QString& m) { showError("Export failed", m); });
    connect(m_training, &TrainingPanel::formEdited, m_workspace, &WorkspaceDocument::editTrainingForm);
    connect(m_workspace, &WorkspaceDocument::trainingFormChanged, this, [this] { m_training->setForm(m_workspace->trainingForm()); });
    m_training->setForm(m_workspace->trainingForm());
    connect(m_array, &ArrayPanel::simulationEdited, this, [this](MacMode mac, int vectors) { m_workspace->editSimulation({mac, vectors}); });
    connect(m_workspace, &WorkspaceDocument::simulationChanged, this,
            [this] { m_array->setSimulationSettings(m_workspace->simulation().mac, m_workspace->simulation().vectors); });
    m_array->setSimulationSettings(m_workspace->simulation().mac, m_workspace->simulation().vectors);
    connect(m_workspace, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_workspace, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_runs, &RunsPanel::runSelected, this,
            [this](const RunRecord& run) { m_training->showHistory(run.history, QString::fromStdString(run.name)); });
    connect(m_runs, &RunsPanel::openRequested, this, [this](const QString& path) {
        openFile(path);
        showTab("matrices");
    });
    connect(m_runs, &RunsPanel::simulateRequested, this, [this](const QString& path) {
        openFile(path);
        showArrayTab();
    });
    connect(m_runs, &RunsPanel::addModelRequested, m_workspace, &WorkspaceDocument::evaluateModelFile);
    m_side = side;
    auto* split = m_split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_tabs);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    setCentralWidget(split);

    m_hover->setObjectName("hoverLabel");
    statusBar()->addWidget(m_hover, 1);
    statusBar()->addPermanentWidget(m_busy);
    buildMenusAndToolbar();

    m_parameters->setParams(m_document->params());
    connect(m_parameters, &ParameterPanel::paramsEdited, m_workspace, &WorkspaceDocument::editParams);
    connect(m_document, &LayerDocument::paramsChanged, this, &MainWindow::syncLayerControls);
    connect(m_document, &LayerDocument::packingChanged, this, &MainWindow::showPacking);
    connect(m_document, &LayerDocument::sourceChanged, this, &MainWindow::updateTitle);
    connect(m_document, &LayerDocument::busyChanged, this, [this](bool busy) { m_busy->setText(busy ? "packing..." : QString()); });
    connect(m_document, &LayerDocument::packingFailed, this, [this](const QString& m) { showError("Packing failed", m); });
    connect(m_document, &LayerDocument::loadFailed, this, [this](const QString& m) { showError("Cannot open file", m); });
    connect(m_workspace, &WorkspaceDocument::sourceMissing, this, [this](const QString& m) {
        auto* box = new QMessageBox(QMessageBox::Information, "The workspace's layer file is gone", m, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setObjectName("sourceMissingDialog");
        box->open();
    });
    // Hovering a weight in one view outlines the same weight in the other: where a column went.
    // Clicking it also selects the array cell that holds it, and selecting a cell marks its weight.
    for (MatrixPlot* plot : {m_original, m_packed}) {
        connect(plot, &MatrixPlot::cellHovered, this, [this](const QString& text, int row, int originalColumn) {
            m_hover->setText(text);
            markWeight(row, originalColumn);
        });
        connect(plot, &MatrixPlot::weightClicked, m_array, &ArrayPanel::selectWeight);
    }
    connect(m_array, &ArrayPanel::weightSelected, this, &MainWindow::markWeight);
    for (auto [from, to] : {std::pair{m_original, m_packed}, std::pair{m_packed, m_original}})
        for (QCPAxis* axis : {from->plot()->xAxis, from->plot()->yAxis})
            connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, from, to] {
                if (m_syncZoom->isChecked()) syncZoom(from, to);
            });
    connect(m_array, &ArrayPanel::fullScreenRequested, this, &MainWindow::toggleFullScreen);
    updateTitle();
    showPacking();  // or the empty state
    restoreGeometry(storedLayout("geometry"));
    m_split->restoreState(storedLayout("split"));
    m_plots->restoreState(storedLayout("plots"));
}

void MainWindow::buildMenusAndToolbar()
{
    auto* open = new QAction("&Open weights or model...", this);
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseAndOpen);
    auto* exportFig = new QAction("&Export figure...", this);
    exportFig->setShortcut(QKeySequence("Ctrl+E"));
    connect(exportFig, &QAction::triggered, this, &MainWindow::chooseAndExport);
    auto* newWs = new QAction("&New workspace", this);
    newWs->setShortcut(QKeySequence::New);
    connect(newWs, &QAction::triggered, this, [this] {
        if (!maybeSave("starting a new workspace")) return;
        m_workspace->newWorkspace();
        if (const auto params = lastParams()) m_workspace->editParams(*params);
        m_workspace->undoStack()->clear();
    });
    auto* openWs = new QAction("Open &workspace...", this);
    openWs->setShortcut(QKeySequence("Ctrl+Shift+O"));
    connect(openWs, &QAction::triggered, this, [this] {
        if (!maybeSave("opening another workspace")) return;
        const QString path = QFileDialog::getOpenFileName(this, "Open a workspace", lastFolder("workspace"), "ColComb workspaces (*.json)");
        if (path.isEmpty()) return;
        rememberFolder("workspace", path);
        openFile(path);
    });
    m_recent = new QMenu("Open &recent", this);
    m_recent->setObjectName("recentMenu");
    connect(m_recent, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    rebuildRecentMenu();
    QAction* undo = m_workspace->undoStack()->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_workspace->undoStack()->createRedoAction(this, "&Redo");
    redo->setShortcuts({QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")});
    auto* saveWs = new QAction("&Save workspace", this);
    saveWs->setShortcut(QKeySequence::Save);
    connect(saveWs, &QAction::triggered, this, [this] { saveWorkspaceInteractively(false); });
    auto* saveWsAs = new QAction("Save workspace &as...", this);
    saveWsAs->setShortcut(QKeySequence::SaveAs);
    connect(saveWsAs, &QAction::triggered, this, [this] { saveWorkspaceInteractively(true); });
    auto* quit = new QAction("&Quit", this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    auto* reset = new QAction("&Reset zoom", this);
    reset->setShortcut(QKeySequence("Ctrl+0"));
    connect(reset, &QAction::triggered, this, [this] {
        m_original->resetView();
        m_packed->resetView();
    });

    auto* stepping = m_stepAction = new QAction("&Step through packing", this);
    stepping->setObjectName("stepThroughPacking");
    stepping->setCheckable(true);
    stepping->setShortcut(QKeySequence("Ctrl+Shift+T"));
    stepping->setToolTip("Watch column combining decide, step by step: which columns join, their conflicts, then pruning");
    connect(stepping, &QAction::toggled, this, &MainWindow::setStepping);
    auto* stepExample = new QAction("&Greedy vs pairwise, step by step (8 x 12)", this);
    stepExample->setToolTip("A small matrix where the paper's greedy rule and the released pairwise rule end differently");
    connect(stepExample, &QAction::triggered, this, &MainWindow::showStepThroughExample);
    auto* teach = new QAction("&Worked example (4 x 6, alpha 3)", this);
    teach->setShortcut(QKeySequence("Ctrl+T"));
    connect(teach, &QAction::triggered, this, &MainWindow::showTeachingExample);
    // One action, F11 from anywhere (the array tab has no shortcut of its own, which made F11
    // ambiguous there), checked while presenting.
    auto* fullScreen = m_fullScreenAction = new QAction("&Full screen", this);
    fullScreen->setObjectName("fullScreenAction");
    fullScreen->setCheckable(true);
    fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    fullScreen->setShortcutContext(Qt::ApplicationShortcut);
    connect(fullScreen, &QAction::triggered, this, &MainWindow::toggleFullScreen);
    addAction(fullScreen);  // stays reachable while the menu bar is hidden
    auto* leave = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(leave, &QShortcut::activated, this, [this] {
        if (m_presenting) toggleFullScreen();
    });

    QMenu* file = menuBar()->addMenu("&File");
    file->addAction(open);
    file->addMenu(m_recent);
    file->addAction(exportFig);
    auto* printFig = file->addAction("Export figure for &print...");
    printFig->setObjectName("exportPrintFigure");
    printFig->setShortcut(QKeySequence("Ctrl+Shift+E"));
    printFig->setToolTip("The shown figure at the size and resolution set under Export size in the Trade-offs tab (89 mm: one paper column)");
    connect(printFig, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, "Export figure for print", QDir(lastFolder("figure")).filePath("colcomb-figure.pdf"),
                                                          "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");
        if (path.isEmpty()) return;
        rememberFolder("figure", path);
        if (const QString error = exportPrintFigureTo(path, m_tradeoffs->printSize()); !error.isEmpty()) showError("Export failed", error);
        else statusBar()->showMessage("Figure written to " + path, 5000);
    });
    auto* report = file->addAction("Export &report...");
    report->setObjectName("exportReport");
    report->setToolTip("Every figure of the workspace with its numbers, and an index.html, in one folder");
    connect(report, &QAction::triggered, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(this, "Folder for the report", lastFolder("report"));
        if (folder.isEmpty()) return;
        rememberFolder("report", folder + "/");
        if (const QString error = exportReportTo(folder); !error.isEmpty()) showError("Export failed", error);
        else statusBar()->showMessage("Report written to " + folder + "/index.html", 8000);
    });
    file->addSeparator();
    file->addAction(newWs);
    file->addAction(openWs);
    file->addAction(saveWs);
    file->addAction(saveWsAs);
    file->addSeparator();
    file->addAction(quit);
    QMenu* edit = menuBar()->addMenu("&Edit");
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    auto* resetParams = edit->addAction("Reset &parameters to defaults");
    resetParams->setObjectName("resetParameters");
    resetParams->setToolTip("alpha 8, gamma 0.5, pairwise in 256-column sections, a 32 x 32 array (one undoable step)");
    connect(resetParams, &QAction::triggered, this, [this] { m_workspace->editParams(PackingParams{}); });
    auto* sync = m_syncZoom = new QAction("&Synchronise matrix zoom", this);
    sync->setObjectName("syncZoom");
    sync->setCheckable(true);
    sync->setChecked(true);
    sync->setToolTip("Zoom and pan both matrices together: the same rows, and the same share of the columns");
    connect(sync, &QAction::toggled, this, [this](bool on) {
        if (on) syncZoom(m_original, m_packed);
    });
    QMenu* view = menuBar()->addMenu("&View");
    view->addAction(reset);
    view->addAction(sync);
    view->addAction(fullScreen);
    QMenu* teachMenu = menuBar()->addMenu("&Teach");
    teachMenu->addAction(teach);
    teachMenu->addSeparator();
    teachMenu->addAction(stepping);
    teachMenu->addAction(stepExample);
    // Space and arrows drive the steps while they show on the matrix tab (the array tab has its own).
    const auto stepKey = [this](QKeySequence key, auto slot) {
        auto* shortcut = new QShortcut(key, this);
        shortcut->setEnabled(false);
        connect(shortcut, &QShortcut::activated, m_steps, slot);
        m_stepKeys.append(shortcut);
    };
    stepKey(Qt::Key_Space, [this] { m_steps->isPlaying() ? m_steps->pause() : m_steps->play(); });
    stepKey(Qt::Key_Right, [this] { m_steps->stepForward(); });
    stepKey(Qt::Key_Left, [this] { m_steps->stepBack(); });
    stepKey(Qt::Key_Home, [this] { m_steps->seek(0); });
    stepKey(Qt::Key_End, [this] { m_steps->seek(m_steps->stepCount()); });
    QMenu* reproduce = menuBar()->addMenu("&Reproduce");
    for (const PaperFigure& f : paperFigures()) {
        QAction* a = reproduce->addAction(QString("Figure &%1: %2").arg(f.number).arg(QString::fromStdString(f.title)));
        a->setObjectName(QString("reproduceFigure%1").arg(f.number));
        a->setToolTip(f.kind ? "Runs the quick setting (a tenth of the data, 2 epochs per point) or reads it from the cache, then draws it"
                             : "The layer packed as in the paper's figure: alpha 8, gamma 0.5, 64 x 64 tiles");
        connect(a, &QAction::triggered, this, [this, n = f.number, matrix = !f.kind] {
            if (matrix) return reproduceMatrixFigure();
            m_tabs->setCurrentWidget(m_tradeoffs);
            m_tradeoffs->reproduce(n);
        });
    }
    QMenu* help = menuBar()->addMenu("&Help");
    connect(help->addAction("&Keyboard shortcuts"), &QAction::triggered, this, [this] {
        QMessageBox::information(this, "Keyboard shortcuts", keyboardShortcutsText());
    });
    connect(help->addAction("&About ColComb Studio"), &QAction::triggered, this, [this] {
        QMessageBox::about(this, "About ColComb Studio", aboutText());
    });

    m_colouring->addItem("Colour by group", static_cast<int>(CellColouring::Groups));
    m_colouring->addItem("Colour by group size", static_cast<int>(CellColouring::GroupSize));
    m_colouring->addItem("Colour by weight", static_cast<int>(CellColouring::Weights));
    m_colouring->setItemData(0, "A colour per column group (20 colours, repeating past 20 groups)", Qt::ToolTipRole);
    m_colouring->setItemData(1, "How many columns each cell's group combines, 1 to alpha", Qt::ToolTipRole);
    m_colouring->setItemData(2, "The signed weight: blue negative, red positive, centred on zero", Qt::ToolTipRole);
    m_colouring->setToolTip("What the cell colours show: column group, group size or signed weight");
    m_colouring->setObjectName("colouringCombo");
    connect(m_colouring, &QComboBox::currentIndexChanged, this, &MainWindow::showPacking);

    QToolBar* bar = addToolBar("Main");
    bar->setMovable(false);
    bar->addAction(open);
    bar->addAction(exportFig);
    bar->addSeparator();
    m_layerChoice->setObjectName("layerChoice");
    m_layerChoice->setToolTip("The model layer whose filter matrix is shown");
    m_layerChoice->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_layerChoiceAction = bar->addWidget(m_layerChoice);
    m_layerChoiceAction->setVisible(false);
    connect(m_layerChoice, &QComboBox::activated, m_workspace, &WorkspaceDocument::selectLayer);
    m_trainedGroups->setObjectName("trainedGroups");
    m_trainedGroups->setChecked(m_document->usesTrainedGroups());
    m_trainedGroups->setToolTip("Show the layer packed with the column groups it was trained with; "
                                "unchecked, it is re-packed with the method and parameters on the right");
    m_trainedGroupsAction = bar->addWidget(m_trainedGroups);
    m_trainedGroupsAction->setVisible(false);
    connect(m_trainedGroups, &QCheckBox::toggled, m_workspace, &WorkspaceDocument::editTrainedGroups);
    connect(m_document, &LayerDocument::modelChanged, this, [this] {
        const QSignalBlocker block(m_layerChoice);
        m_layerChoice->clear();
        m_layerChoice->addItems(m_document->modelLayers());
        m_layerChoiceAction->setVisible(m_layerChoice->count() > 0);
    });
    connect(m_document, &LayerDocument::sourceChanged, this, &MainWindow::syncLayerControls);
    bar->addWidget(m_colouring);
    bar->addAction(reset);
    bar->addSeparator();
    bar->addAction(teach);
    bar->addAction(stepping);
}

QString MainWindow::keyboardShortcutsText()
{
    return "<table>"
           "<tr><td><b>Ctrl+O</b></td><td>open weights or a model</td></tr>"
           "<tr><td><b>Ctrl+Shift+O</b> / <b>Ctrl+S</b> / <b>Ctrl+Shift+S</b> / <b>Ctrl+N</b></td><td>open, save, save as, new workspace</td></tr>"
           "<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b>, <b>Ctrl+Y</b></td><td>undo / redo</td></tr>"
           "<tr><td><b>Ctrl+E</b></td><td>export the current tab's figure</td></tr>"
           "<tr><td><b>Ctrl+0</b></td><td>reset the matrix zoom</td></tr>"
           "<tr><td><b>Ctrl+T</b></td><td>the worked example on the array</td></tr>"
           "<tr><td><b>Ctrl+Shift+T</b></td><td>step through packing on and off</td></tr>"
           "<tr><td><b>F11</b> / <b>Esc</b></td><td>full screen on and off / off</td></tr>"
           "<tr><td colspan=2><br><i>On the array:</i></td></tr>"
           "<tr><td><b>Space</b></td><td>play / pause</td></tr>"
           "<tr><td><b>Right</b> / <b>Left</b></td><td>one cycle forward / back</td></tr>"
           "<tr><td><b>Home</b></td><td>back to cycle 0</td></tr>"
           "<tr><td><b>+</b> / <b>-</b></td><td>faster / slower</td></tr>"
           "<tr><td colspan=2><br><i>On the matrices:</i> wheel zooms, drag pans, hover names the cell, a click selects its array cell.</td></tr>"
           "<tr><td colspan=2><br><i>Stepping through packing:</i> space plays and pauses, arrows step, Home and End jump to the start and the end.</td></tr>"
           "</table>";
}

QString MainWindow::aboutText()
{
    return QString("<h3>ColComb Studio %1</h3>"
                   "<p>Column combining for sparse CNN layers on systolic arrays: packing, retraining under the packing, a "
                   "cycle-accurate simulation of the packed layers and the trade-offs between them.</p>"
                   "<p>The method: H. T. Kung, B. McDanel, S. Q. Zhang, <i>Packing Sparse Convolutional Neural Networks for "
                   "Efficient Systolic Array Implementations: Column Combining Under Joint Optimization</i>, ASPLOS 2019 "
                   "(arXiv 1811.04770).</p>"
                   "<p>Built with Qt %2 (LGPL 3), QCustomPlot (GPL 3), Eigen (MPL 2), nlohmann/json (MIT), CLI11 (BSD 3-clause), "
                   "giflib (MIT) and zlib (zlib licence).</p>")
        .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()));
}

void MainWindow::syncLayerControls()
{
    const QSignalBlocker blockLayer(m_layerChoice);
    m_layerChoice->setCurrentIndex(m_document->currentModelLayer());
    m_parameters->setParams(m_document->params());
    m_trainedGroupsAction->setVisible(m_document->hasTrainedGroups());
    const QSignalBlocker blockGroups(m_trainedGroups);
    m_trainedGroups->setChecked(m_document->usesTrainedGroups());
}

void MainWindow::showPacking()
{
    const PackingPtr packing = m_document->packing();
    const auto colouring = static_cast<CellColouring>(m_colouring->currentData().toInt());
    m_hover->clear();  // it described a cell of the previous matrix
    m_original->setTensorShape(m_document->tensorShape());
    m_metrics->showPacking(packing, m_document->tensorShape());
    if (packing) m_array->showPacking(packing);
    if (m_stepping) {
        m_steps->setPacking(packing);  // the plots show its steps
        return;
    }
    {
        // The original plot keeps the user's zoom; the packed one follows it below.
        const QScopedValueRollback<bool> quiet(m_syncing, true);
        m_original->showPacking(packing, colouring);
        m_packed->showPacking(packing, colouring);
    }
    if (m_syncZoom->isChecked()) syncZoom(m_original, m_packed);
    m_legend->setText(legendHtml(m_original->legend()));
}

void MainWindow::setStepping(bool on)
{
    const QSignalBlocker block(m_stepAction);
    m_stepAction->setChecked(on);
    if (on == m_stepping) return;
    m_stepping = on;
    m_steps->setVisible(on);
    if (on) {
        showTab("matrices");
        m_steps->setPacking(m_document->packing());
        if (m_steps->isReady()) drawStepFrame();
    } else {
        m_steps->pause();
        for (MatrixPlot* plot : {m_original, m_packed}) plot->setHighlight({}, {});
        showPacking();
    }
    updateStepKeys();
}

void MainWindow::updateStepKeys()
{
    for (QShortcut* key : m_stepKeys) key->setEnabled(m_stepping && m_tabs->currentWidget() == m_matrixTab);
}

void MainWindow::drawStepFrame()
{
    if (!m_stepping) return;
    const StepFrame& frame = m_steps->frame();
    const auto colouring = static_cast<CellColouring>(m_colouring->currentData().toInt());
    {
        const QScopedValueRollback<bool> quiet(m_syncing, true);
        m_original->showPacking(frame.packing, colouring);
        m_packed->showPacking(frame.packing, colouring);
    }
    if (m_syncZoom->isChecked()) syncZoom(m_original, m_packed);
    for (MatrixPlot* plot : {m_original, m_packed}) plot->setHighlight(frame.columns, frame.conflicts);
    m_legend->setText(legendHtml(m_original->legend()));
}

void MainWindow::showStepThroughExample()
{
    const StepThroughExample e = stepThroughExample();
    m_workspace->showGenerated(e.weights, "greedy vs pairwise (8 x 12, alpha 3)", e.params, "Show the greedy vs pairwise example");
    setStepping(true);
}

QString MainWindow::exportStepsTo(const QString& path, bool gif, QSize size, int delayMs)
{
    if (!m_stepping || !m_steps->isReady()) return path + ": nothing to export: step through a packing first";
    const int shown = m_steps->position();
    QProgressDialog progress("Rendering steps...", "Cancel", 0, m_steps->stepCount() + 1, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    // The plots draw each frame, so this runs on the UI thread, keeping the window alive.
    const AnimationOutcome outcome = writeFrames(
        {path, gif, 0, 0, size, delayMs, {}}, m_steps->stepCount() + 1,
        [&](int k) {
            m_steps->seek(k);
            return renderFigure({m_original->plot(), m_packed->plot()}, size, {{}, m_steps->frame().caption});
        },
        [&](int done, int) {
            progress.setValue(done);
            QCoreApplication::processEvents();
            return !progress.wasCanceled();
        },
        matrixColours());
    m_steps->seek(shown);
    return outcome.error;
}

void MainWindow::chooseAndExportSteps()
{
    const QString path = QFileDialog::getSaveFileName(this, "Export the steps", QDir(lastFolder("steps")).filePath("colcomb-steps.gif"),
                                                      "Animated GIF (*.gif);;PNG frames into a folder (*)");
    if (path.isEmpty()) return;
    rememberFolder("steps", path);
    const bool gif = path.endsWith(".gif", Qt::CaseInsensitive);
    if (const QString error = exportStepsTo(path, gif, QSize(1200, 560), 700); !error.isEmpty()) showError("Export failed", error);
    else statusBar()->showMessage(QString("%1 steps written to %2").arg(m_steps->stepCount() + 1).arg(path), 8000);
}

void MainWindow::syncZoom(MatrixPlot* from, MatrixPlot* to)
{
    if (m_syncing || from->columnCount() == 0 || to->columnCount() == 0) return;
    const QScopedValueRollback<bool> quiet(m_syncing, true);
    // Rows are the same filters in both; columns map by their share of the width.
    const double fromCols = from->columnCount();
    const double toCols = to->columnCount();
    const QCPRange x = from->plot()->xAxis->range();
    const auto map = [&](double c) { return (c + 0.5) * toCols / fromCols - 0.5; };
    to->plot()->xAxis->setRange(map(x.lower), map(x.upper));
    to->plot()->yAxis->setRange(from->plot()->yAxis->range());
    to->plot()->replot(QCustomPlot::rpQueuedReplot);
}

void MainWindow::markWeight(int row, int originalColumn)
{
    m_original->markWeight(row, originalColumn);
    m_packed->markWeight(row, originalColumn);
}

void MainWindow::showArrayTab() { m_tabs->setCurrentWidget(m_array); }

bool MainWindow::showTab(const QString& name)
{
    const std::pair<const char*, QWidget*> tabs[] = {{"matrices", m_matrixTab}, {"network", m_networkPanel}, {"array", m_array}, {"training", m_training}, {"compare", m_runs}, {"tradeoffs", m_tradeoffs}};
    for (const auto& [tabName, widget] : tabs)
        if (name == tabName) {
            m_tabs->setCurrentWidget(widget);
            return true;
        }
    return false;
}

bool MainWindow::showsPackingParameters() const
{
    return m_tabs->currentWidget() == m_matrixTab || m_tabs->currentWidget() == m_array || m_tabs->currentWidget() == m_networkPanel;
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
    m_fullScreenAction->setChecked(enter);
    m_array->setFullScreenShown(enter);
    menuBar()->setVisible(!enter);
    statusBar()->setVisible(!enter);
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->setVisible(!enter);
    if (enter) {
        showArrayTab();
        showFullScreen();
    } else {
        showNormal();
    }
    if (enter) m_array->focusArray();
}

QString MainWindow::openFile(const QString& path)
{
    addRecentFile(path);
    rebuildRecentMenu();  // a disabled menu never asks to be rebuilt: a first file must enable it
    if (!isWorkspaceFile(path)) {
        m_workspace->openSource(path);
        return {};
    }
    const QString error = openWorkspace(path);
    if (!error.isEmpty()) showError("Cannot open the workspace", error);
    return error;
}

QString MainWindow::openWorkspace(const QString& path)
{
    return m_workspace->open(path);
}

QString MainWindow::saveWorkspaceTo(const QString& path)
{
    const QString error = m_workspace->saveTo(path);
    if (error.isEmpty()) {
        addRecentFile(path);
        rebuildRecentMenu();
    }
    return error;
}

bool MainWindow::saveWorkspaceInteractively(bool chooseName)
{
    QString path = m_workspace->filePath();
    if (chooseName || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(this, "Save workspace", QDir(lastFolder("workspace")).filePath("colcomb-workspace.json"),
                                            "ColComb workspaces (*.json)");
        if (path.isEmpty()) return false;
        rememberFolder("workspace", path);
    }
    if (const QString error = saveWorkspaceTo(path); !error.isEmpty()) {
        showError("Cannot save the workspace", error);
        return false;
    }
    statusBar()->showMessage("Workspace saved to " + path, 5000);
    return true;
}

void MainWindow::updateTitle()
{
    setWindowTitle(QString("ColComb Studio - %1 - %2%3").arg(m_workspace->displayName(), m_document->sourceName(), isModified() ? " *" : ""));
}

bool MainWindow::maybeSave(const QString& why)
{
    if (!isModified()) return true;
    const auto answer = QMessageBox::question(this, "Unsaved changes", "The workspace " + m_workspace->displayName() +
                                                                           " has changes that are not saved. Save them before " + why + "?",
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Discard || (answer == QMessageBox::Save && saveWorkspaceInteractively(false));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (!maybeSave("closing")) {
        event->ignore();
        return;
    }
    storeLayout("geometry", saveGeometry());
    storeLayout("split", m_split->saveState());
    storeLayout("plots", m_plots->saveState());
    rememberParams(m_workspace->userParams());  // not the worked example's
    event->accept();
}

void MainWindow::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction* a = m_recent->addAction(QString("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(files[i]).fileName()));
        a->setToolTip(files[i]);
        a->setData(files[i]);
        connect(a, &QAction::triggered, this, [this, file = files[i]] {
            if (isWorkspaceFile(file) && !maybeSave("opening another workspace")) return;
            openFile(file);
        });
    }
    m_recent->setEnabled(!files.isEmpty());
}

void MainWindow::offerRecovery(const QString& policy)
{
    const QStringList files = WorkspaceDocument::leftoverRecoveryFiles();
    if (files.isEmpty()) return;
    bool restore = policy == "restore";
    if (policy == "ask") {
        QMessageBox box(QMessageBox::Question, "Restore unsaved work?",
                        "ColComb Studio did not close normally last time. Restore the workspace as it was autosaved at " +
                            QFileInfo(files.first()).lastModified().toString("yyyy-MM-dd hh:mm:ss") + "?",
                        QMessageBox::NoButton, this);
        QPushButton* restoreButton = box.addButton("Restore", QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Discard);
        box.setDefaultButton(restoreButton);
        box.exec();
        restore = box.clickedButton() == restoreButton;
    }
    if (restore) {
        if (const QString error = m_workspace->restoreRecovery(files.first()); !error.isEmpty()) showError("Cannot restore the workspace", error);
    }
    for (const QString& f : files) QFile::remove(f);  // offered once: the restored state has its own autosave now
}

QString MainWindow::exportFigureTo(const QString& path)
{
    if (m_tabs->currentWidget() == m_training) return exportFigure({m_training->accuracyPlot(), m_training->packingPlot()}, QSize(700, 420), path);
    if (m_tabs->currentWidget() == m_runs) return m_runs->exportChartTo(path);
    if (m_tabs->currentWidget() == m_tradeoffs) return m_tradeoffs->exportTo(path, m_tradeoffs->printSize());
    if (!m_document->packing()) return path + ": nothing to export: no layer is open";
    const FigureCaption caption{m_original->legend(), parametersText(m_document->params(), m_document->usesTrainedGroups() && m_document->hasTrainedGroups())};
    return exportFigure({m_original->plot(), m_packed->plot()}, QSize(700, 520), path, caption);
}

QString MainWindow::exportPrintFigureTo(const QString& path, const PrintSize& size)
{
    if (m_tabs->currentWidget() == m_tradeoffs) return m_tradeoffs->exportTo(path, size);
    if (m_tabs->currentWidget() == m_training) return exportPrintFigure({m_training->accuracyPlot(), m_training->packingPlot()}, size, path);
    if (m_tabs->currentWidget() == m_runs) return exportPrintFigure({m_runs->chart()}, size, path);
    if (!m_document->packing()) return path + ": nothing to export: no layer is open";
    return writeMatrixFigure(m_document->packing(), size, path);
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
    m_tabs->setCurrentWidget(m_matrixTab);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    // Window-modal and non-blocking: the window keeps repainting and tests can close it.
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("errorDialog");
    box->open();
}

void MainWindow::chooseAndExportNetwork(NetworkExport kind)
{
    const QFileInfo source(m_document->sourcePath());
    const QString stem = source.completeBaseName();
    const QString folder = lastFolder("export", source.absolutePath());  // at first beside the model
    QString path;
    switch (kind) {
    case NetworkExport::Archive:
        path = QFileDialog::getSaveFileName(this, "Export packing archive", QDir(folder).filePath(stem + "-packing.npz"), "NumPy archive (*.npz)");
        break;
    case NetworkExport::Json:
        path = QFileDialog::getSaveFileName(this, "Export packing as JSON", QDir(folder).filePath(stem + "-packing.json"), "JSON (*.json)");
        break;
    case NetworkExport::Masks:
        path = QFileDialog::getSaveFileName(this, "Export masks for PyTorch", QDir(folder).filePath(stem + "-masks.npz"), "NumPy archive (*.npz)");
        break;
    case NetworkExport::MemoryFiles:
        path = QFileDialog::getExistingDirectory(this, "Folder for the memory files", folder);
        break;
    }
    if (path.isEmpty()) return;
    rememberFolder("export", path);
    m_workspace->network()->exportTo(kind, path);
}

void MainWindow::chooseAndOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, "Open weights or a model", lastFolder("weights"),
                                                      "Weights and models (*.onnx *.npz *.npy *.csv *.zip *.json);;ONNX models (*.onnx);;"
                                                      "NumPy state dicts (*.npz);;NumPy arrays (*.npy);;CSV matrices and SCALE-Sim topologies (*.csv);;"
                                                      "ColComb models (*.zip *.json)");
    if (path.isEmpty()) return;
    rememberFolder("weights", path);
    openFile(path);
}

void MainWindow::chooseAndExport()
{
    const QString path = QFileDialog::getSaveFileName(this, "Export figure", QDir(lastFolder("figure")).filePath("colcomb-figure.pdf"),
                                                      "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");
    if (path.isEmpty()) return;
    rememberFolder("figure", path);
    if (const QString error = exportFigureTo(path); !error.isEmpty()) showError("Export failed", error);
    else statusBar()->showMessage("Figure written to " + path, 5000);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && isMatrixFile(urls.first())) event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.isEmpty() || !isMatrixFile(urls.first())) return;
    const QString path = urls.first().toLocalFile();
    if (isWorkspaceFile(path) && !maybeSave("opening another workspace")) return;
    openFile(path);
}

} // namespace colcomb::ui
