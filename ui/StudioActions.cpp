#include "StudioActions.h"

#include "StudioSettings.h"
#include "sweep/PaperFigures.h"

#include <QAction>
#include <QCoreApplication>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenuBar>
#include <QToolBar>
#include <QUndoStack>

namespace colcomb::ui {

namespace {

QAction* makeAction(QObject* parent, const QString& text, const QKeySequence& key = {}, const QString& name = {}, const QString& tip = {})
{
    auto* a = new QAction(text, parent);
    if (!key.isEmpty()) a->setShortcut(key);
    if (!name.isEmpty()) a->setObjectName(name);
    if (!tip.isEmpty()) a->setToolTip(tip);
    return a;
}

} // namespace

StudioActions::StudioActions(QUndoStack* undoStack, QMainWindow* window) : QObject(window), m_window(window), m_recent(new QMenu("Open &recent", window))
{
    open = makeAction(this, "&Open weights or model...", QKeySequence::Open);
    exportFigure = makeAction(this, "&Export figure...", QKeySequence("Ctrl+E"));
    exportPrintFigure = makeAction(this, "Export figure for &print...", QKeySequence("Ctrl+Shift+E"), "exportPrintFigure",
                                   "The shown figure at the size and resolution set under Export size in the Trade-offs tab (89 mm: one paper column)");
    exportReport = makeAction(this, "Export &report...", {}, "exportReport", "Every figure of the workspace with its numbers, and an index.html, in one folder");
    newWorkspace = makeAction(this, "&New workspace", QKeySequence::New);
    openWorkspace = makeAction(this, "Open &workspace...", QKeySequence("Ctrl+Shift+O"));
    saveWorkspace = makeAction(this, "&Save workspace", QKeySequence::Save);
    saveWorkspaceAs = makeAction(this, "Save workspace &as...", QKeySequence::SaveAs);
    quit = makeAction(this, "&Quit", QKeySequence::Quit);
    undo = undoStack->createUndoAction(this, "&Undo");
    undo->setShortcut(QKeySequence::Undo);
    redo = undoStack->createRedoAction(this, "&Redo");
    redo->setShortcuts({QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")});
    resetParameters = makeAction(this, "Reset &parameters to defaults", {}, "resetParameters",
                                 "alpha 8, gamma 0.5, pairwise in 256-column sections, a 32 x 32 array (one undoable step)");
    resetZoom = makeAction(this, "&Reset zoom", QKeySequence("Ctrl+0"));
    syncZoom = makeAction(this, "&Synchronise matrix zoom", {}, "syncZoom", "Zoom and pan both matrices together: the same rows, and the same share of the columns");
    syncZoom->setCheckable(true);
    syncZoom->setChecked(true);
    // One action, F11 from anywhere (the array tab has no shortcut of its own, which made F11
    // ambiguous there), checked while presenting; the window adds it to itself so that it stays
    // reachable while the menu bar is hidden.
    fullScreen = makeAction(this, "&Full screen", QKeySequence(Qt::Key_F11), "fullScreenAction");
    fullScreen->setCheckable(true);
    fullScreen->setShortcutContext(Qt::ApplicationShortcut);
    window->addAction(fullScreen);
    teach = makeAction(this, "&Worked example (4 x 6, alpha 3)", QKeySequence("Ctrl+T"));
    stepThrough = makeAction(this, "&Step through packing", QKeySequence("Ctrl+Shift+T"), "stepThroughPacking",
                             "Watch column combining decide, step by step: which columns join, their conflicts, then pruning");
    stepThrough->setCheckable(true);
    stepExample = makeAction(this, "&Greedy vs pairwise, step by step (8 x 12)", {}, {},
                             "A small matrix where the paper's greedy rule and the released pairwise rule end differently");
    shortcuts = makeAction(this, "&Keyboard shortcuts");
    about = makeAction(this, "&About ColComb Studio");
    m_recent->setObjectName("recentMenu");
    connect(m_recent, &QMenu::aboutToShow, this, &StudioActions::rebuildRecentMenu);
    rebuildRecentMenu();
}

void StudioActions::addMenusAndToolBar(QWidget* layerChooser, QWidget* colouring)
{
    QMenuBar* bar = m_window->menuBar();
    QMenu* file = bar->addMenu("&File");
    file->addActions({open});
    file->addMenu(m_recent);
    file->addActions({exportFigure, exportPrintFigure, exportReport});
    file->addSeparator();
    file->addActions({newWorkspace, openWorkspace, saveWorkspace, saveWorkspaceAs});
    file->addSeparator();
    file->addAction(quit);
    QMenu* edit = bar->addMenu("&Edit");
    edit->addActions({undo, redo});
    edit->addSeparator();
    edit->addAction(resetParameters);
    bar->addMenu("&View")->addActions({resetZoom, syncZoom, fullScreen});
    QMenu* teachMenu = bar->addMenu("&Teach");
    teachMenu->addAction(teach);
    teachMenu->addSeparator();
    teachMenu->addActions({stepThrough, stepExample});
    QMenu* reproduce = bar->addMenu("&Reproduce");
    for (const PaperFigure& f : paperFigures()) {
        QAction* a = reproduce->addAction(QString("Figure &%1: %2").arg(f.number).arg(QString::fromStdString(f.title)));
        a->setObjectName(QString("reproduceFigure%1").arg(f.number));
        a->setToolTip(f.kind ? "Runs the quick setting (a tenth of the data, 2 epochs per point) or reads it from the cache, then draws it"
                             : "The layer packed as in the paper's figure: alpha 8, gamma 0.5, 64 x 64 tiles");
        connect(a, &QAction::triggered, this, [this, n = f.number] { emit reproduceChosen(n); });
    }
    bar->addMenu("&Help")->addActions({shortcuts, about});

    QToolBar* tools = m_window->addToolBar("Main");
    tools->setMovable(false);
    tools->addActions({open, exportFigure});
    tools->addSeparator();
    tools->addWidget(layerChooser);
    tools->addWidget(colouring);
    tools->addAction(resetZoom);
    tools->addSeparator();
    tools->addActions({teach, stepThrough});
}

void StudioActions::rebuildRecentMenu()
{
    m_recent->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        QAction* a = m_recent->addAction(QString("&%1 %2").arg((i + 1) % 10).arg(QFileInfo(files[i]).fileName()));
        a->setToolTip(files[i]);
        a->setData(files[i]);
        connect(a, &QAction::triggered, this, [this, file = files[i]] { emit recentChosen(file); });
    }
    // A disabled menu never asks to be rebuilt: the window rebuilds it when a first file opens.
    m_recent->setEnabled(!files.isEmpty());
}

QString StudioActions::keyboardShortcutsText()
{
    return "<table>"
           "<tr><td><b>Ctrl+O</b></td><td>open weights or a model</td></tr>"
           "<tr><td><b>Ctrl+Q</b></td><td>quit (asks to save a changed workspace)</td></tr>"
           "<tr><td><b>Ctrl+Shift+O</b> / <b>Ctrl+S</b> / <b>Ctrl+Shift+S</b> / <b>Ctrl+N</b></td><td>open, save, save as, new workspace</td></tr>"
           "<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b>, <b>Ctrl+Y</b></td><td>undo / redo</td></tr>"
           "<tr><td><b>Ctrl+E</b> / <b>Ctrl+Shift+E</b></td><td>export the current tab's figure / at the printed size</td></tr>"
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

QString StudioActions::aboutText()
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

} // namespace colcomb::ui
