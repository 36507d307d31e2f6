#include "MainWindow.h"

#include "ArrayPanel.h"
#include "FigureExport.h"
#include "MetricsPanel.h"
#include "ParameterPanel.h"
#include "TrainingPanel.h"

#include <qcustomplot.h>

#include <QAction>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QGroupBox>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSplitter>
#include <QShortcut>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {

const char* kLegend =
    "<span style='color:#1f78b4'>&#9632;</span><span style='color:#ff7f00'>&#9632;</span>"
    "<span style='color:#33a02c'>&#9632;</span> weight, coloured by its column group &nbsp;&nbsp; "
    "<span style='color:#141414'>&#9632;</span> pruned by column combining &nbsp;&nbsp; "
    "<span style='color:#5a5a5a'>- - -</span> array tile boundary &nbsp;&nbsp; "
    "<i>wheel: zoom, drag: pan, hover: details</i>";

bool isMatrixFile(const QUrl& url)
{
    const QString s = url.toLocalFile().toLower();
    return url.isLocalFile() && (s.endsWith(".npy") || s.endsWith(".csv") || s.endsWith(".json"));
}

} // namespace

MainWindow::MainWindow(LayerDocument* document, QWidget* parent)
    : QMainWindow(parent), m_document(document), m_original(new MatrixPlot(MatrixPlot::Kind::Original)),
      m_packed(new MatrixPlot(MatrixPlot::Kind::Packed)), m_parameters(new ParameterPanel), m_metrics(new MetricsPanel), m_array(new ArrayPanel), m_tabs(new QTabWidget),
      m_colouring(new QComboBox), m_layerChoice(new QComboBox), m_hover(new QLabel), m_busy(new QLabel)
{
    setAcceptDrops(true);
    resize(1400, 800);

    auto* plots = new QSplitter(Qt::Horizontal);
    plots->addWidget(m_original);
    plots->addWidget(m_packed);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    auto* legend = new QLabel(kLegend);
    legend->setObjectName("legend");
    legend->setWordWrap(true);
    auto* centre = new QWidget;
    auto* centreLayout = new QVBoxLayout(centre);
    centreLayout->addWidget(plots, 1);
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

    m_tabs->addTab(centre, "Filter matrices");
    m_tabs->addTab(m_array, "Systolic array");
    auto* training = new TrainingPanel;
    m_tabs->addTab(training, "Training");
    // A finished or stopped run opens in the studio: its layers, packed as trained.
    connect(training, &TrainingPanel::modelSaved, this, [this](const QString& path) { openFile(path); });
    m_side = side;
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(m_tabs);
    split->addWidget(side);
    split->setStretchFactor(0, 1);
    setCentralWidget(split);

    m_hover->setObjectName("hoverLabel");
    statusBar()->addWidget(m_hover, 1);
    statusBar()->addPermanentWidget(m_busy);
    buildMenusAndToolbar();

    m_parameters->setParams(m_document->params());
    connect(m_parameters, &ParameterPanel::paramsEdited, m_document, &LayerDocument::setParams);
    connect(m_document, &LayerDocument::packingChanged, this, &MainWindow::showPacking);
    connect(m_document, &LayerDocument::sourceChanged, this,
            [this] { setWindowTitle(QString("ColComb Studio - %1").arg(m_document->sourceName())); });
    connect(m_document, &LayerDocument::busyChanged, this, [this](bool busy) { m_busy->setText(busy ? "packing..." : QString()); });
    connect(m_document, &LayerDocument::packingFailed, this, [this](const QString& m) { showError("Packing failed", m); });
    connect(m_document, &LayerDocument::loadFailed, this, [this](const QString& m) { showError("Cannot open file", m); });
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
    connect(m_array, &ArrayPanel::fullScreenRequested, this, &MainWindow::toggleFullScreen);
    setWindowTitle(QString("ColComb Studio - %1").arg(m_document->sourceName()));
    if (m_document->packing()) showPacking();
}

void MainWindow::buildMenusAndToolbar()
{
    auto* open = new QAction("&Open weights or model...", this);
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseAndOpen);
    auto* exportFig = new QAction("&Export figure...", this);
    exportFig->setShortcut(QKeySequence("Ctrl+E"));
    connect(exportFig, &QAction::triggered, this, &MainWindow::chooseAndExport);
    auto* quit = new QAction("&Quit", this);
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    auto* reset = new QAction("&Reset zoom", this);
    reset->setShortcut(QKeySequence("Ctrl+0"));
    connect(reset, &QAction::triggered, this, [this] {
        m_original->resetView();
        m_packed->resetView();
    });

    auto* teach = new QAction("&Worked example (4 x 6, alpha 3)", this);
    teach->setShortcut(QKeySequence("Ctrl+T"));
    connect(teach, &QAction::triggered, this, &MainWindow::showTeachingExample);
    auto* fullScreen = new QAction("&Full screen", this);
    fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    connect(fullScreen, &QAction::triggered, this, &MainWindow::toggleFullScreen);
    addAction(fullScreen);  // stays reachable while the menu bar is hidden
    auto* leave = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(leave, &QShortcut::activated, this, [this] {
        if (isFullScreen()) toggleFullScreen();
    });

    QMenu* file = menuBar()->addMenu("&File");
    file->addAction(open);
    file->addAction(exportFig);
    file->addSeparator();
    file->addAction(quit);
    QMenu* view = menuBar()->addMenu("&View");
    view->addAction(reset);
    view->addAction(fullScreen);
    menuBar()->addMenu("&Teach")->addAction(teach);

    m_colouring->addItem("Colour by group", static_cast<int>(CellColouring::Groups));
    m_colouring->addItem("Colour by weight", static_cast<int>(CellColouring::Weights));
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
    connect(m_layerChoice, &QComboBox::activated, m_document, &LayerDocument::selectLayer);
    connect(m_document, &LayerDocument::modelChanged, this, [this] {
        const QSignalBlocker block(m_layerChoice);
        m_layerChoice->clear();
        m_layerChoice->addItems(m_document->modelLayers());
        m_layerChoiceAction->setVisible(m_layerChoice->count() > 0);
    });
    connect(m_document, &LayerDocument::sourceChanged, this, [this] {
        const QSignalBlocker block(m_layerChoice);
        m_layerChoice->setCurrentIndex(m_document->currentModelLayer());
        m_parameters->setParams(m_document->params());
    });
    bar->addWidget(m_colouring);
    bar->addAction(reset);
    bar->addSeparator();
    bar->addAction(teach);
}

void MainWindow::showPacking()
{
    const PackingPtr packing = m_document->packing();
    if (!packing) return;
    const auto colouring = static_cast<CellColouring>(m_colouring->currentData().toInt());
    m_original->showPacking(packing, colouring);
    m_packed->showPacking(packing, colouring);
    m_metrics->showPacking(packing);
    m_array->showPacking(packing);
}

void MainWindow::markWeight(int row, int originalColumn)
{
    m_original->markWeight(row, originalColumn);
    m_packed->markWeight(row, originalColumn);
}

void MainWindow::showArrayTab() { m_tabs->setCurrentWidget(m_array); }

bool MainWindow::showTab(const QString& name)
{
    const QStringList names{"matrices", "array", "training"};
    if (!names.contains(name)) return false;
    m_tabs->setCurrentIndex(static_cast<int>(names.indexOf(name)));
    return true;
}

void MainWindow::showTeachingExample()
{
    const TeachingExample& e = m_array->teachingData();
    m_array->showTeachingExample();
    m_parameters->setParams(e.params);
    m_document->setParams(e.params);
    m_document->setSource(e.weights, "teaching example (4 x 6, alpha 3)");
    showArrayTab();
}

void MainWindow::toggleFullScreen()
{
    const bool enter = !isFullScreen();
    // Presenting shows the array and its controls only.
    m_side->setVisible(!enter);
    menuBar()->setVisible(!enter);
    statusBar()->setVisible(!enter);
    for (QToolBar* bar : findChildren<QToolBar*>()) bar->setVisible(!enter);
    if (enter) {
        showArrayTab();
        showFullScreen();
    } else {
        showNormal();
    }
}

void MainWindow::openFile(const QString& path) { m_document->openFile(path); }

QString MainWindow::exportFigureTo(const QString& path)
{
    return exportFigure({m_original->plot(), m_packed->plot()}, QSize(700, 520), path);
}

void MainWindow::showError(const QString& title, const QString& message)
{
    // Window-modal and non-blocking: the window keeps repainting and tests can close it.
    auto* box = new QMessageBox(QMessageBox::Critical, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName("errorDialog");
    box->open();
}

void MainWindow::chooseAndOpen()
{
    const QString path = QFileDialog::getOpenFileName(this, "Open weights or a model", QString(),
                                                      "Weights and models (*.npy *.csv *.json);;NumPy arrays (*.npy);;CSV (*.csv);;"
                                                      "ColComb models (*.json)");
    if (!path.isEmpty()) openFile(path);
}

void MainWindow::chooseAndExport()
{
    const QString path = QFileDialog::getSaveFileName(this, "Export figure", "colcomb-figure.pdf",
                                                      "PDF (*.pdf);;SVG (*.svg);;PNG (*.png)");
    if (path.isEmpty()) return;
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
    if (!urls.isEmpty() && isMatrixFile(urls.first())) openFile(urls.first().toLocalFile());
}

} // namespace colcomb::ui
