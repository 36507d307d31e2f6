#pragma once
// The studio's main window: the menus and toolbar, and six tabs over one WorkspaceDocument:
// Filter matrices (the original and packed matrices side by side, with the parameters, metrics and
// the step-through), Network (every layer of a model packed at once), Systolic array (the packed
// layer run on the simulated array), Training, Compare (runs side by side) and Trade-offs (sweeps
// and the paper's figures).
#include "FigureExport.h"
#include "MatrixPlot.h"
#include "WorkspaceDocument.h"

#include <QMainWindow>

class QCheckBox;
class QComboBox;
class QLabel;
class QMenu;
class QShortcut;
class QSplitter;
class QTabWidget;

namespace colcomb::ui {

class ArrayPanel;
class TradeoffsPanel;
class MetricsPanel;
class PackingStepsPanel;
class ParameterPanel;
class RunsPanel;
class NetworkPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    // A view and editor of the workspace document, which outlives it.
    explicit MainWindow(WorkspaceDocument* workspace, QWidget* parent = nullptr);

    // Weights, a model or a workspace (a .json whose format is "colcomb.workspace"). Weights and
    // models load in the background (errors arrive through the document); a workspace that cannot
    // be read returns its error, which is also shown. Either joins the recent files.
    QString openFile(const QString& path);
    // Empty on success, else the error.
    QString saveWorkspaceTo(const QString& path);
    QString openWorkspace(const QString& path);
    bool isModified() const { return m_workspace->isModified(); }
    WorkspaceDocument* workspace() const { return m_workspace; }
    QMenu* recentMenu() const { return m_recent; }
    // Offers the recovery files that studios which did not exit normally left behind: Restore
    // or Discard ("ask"), or that answer without asking ("restore", "discard").
    void offerRecovery(const QString& policy);
    // Help > Keyboard shortcuts and Help > About, as rich text.
    static QString keyboardShortcutsText();
    static QString aboutText();
    RunsPanel* runsPanel() const { return m_runs; }
    TradeoffsPanel* tradeoffsPanel() const { return m_tradeoffs; }
    // File > Export report into `folder`. Empty on success, otherwise the error.
    QString exportReportTo(const QString& folder);
    // Reproduce > Figure 1: the shown layer (the bundled model's largest, if none) packed as the
    // paper's figure, alpha 8, gamma 0.5 on 64 x 64 tiles, in the matrix view.
    void reproduceMatrixFigure();
    NetworkPanel* networkPanel() const { return m_networkPanel; }
    TrainingPanel* trainingPanel() const { return m_training; }
    // The current tab's figure: both filter matrices (matrix and array tabs), the training curves,
    // or the comparison chart. Empty on success, otherwise the error message.
    QString exportFigureTo(const QString& path);
    // The same figure at a printed size (the Trade-offs tab's Export size): the PDF page and the
    // PNG exactly that size, fonts in print sizes. Empty on success, otherwise the error.
    QString exportPrintFigureTo(const QString& path, const PrintSize& size);
    LayerDocument* document() const { return m_document; }
    ArrayPanel* arrayPanel() const { return m_array; }
    // Loads the worked example into the document and shows it running on the array.
    void showTeachingExample();
    void showArrayTab();
    // "matrices", "array", "training" or "compare"; false for another name.
    bool showTab(const QString& name);
    bool isPresenting() const { return m_presenting; }
    void toggleFullScreen();
    // Step through packing: the matrix plots show the current packing's decisions one by one.
    void setStepping(bool on);
    bool isStepping() const { return m_stepping; }
    PackingStepsPanel* stepsPanel() const { return m_steps; }
    // Loads the 8 x 12 matrix on which greedy and pairwise differ and steps through it.
    void showStepThroughExample();
    // Every step as a frame (both matrices and the caption): an animated GIF or PNG frames.
    // Empty on success, otherwise the error.
    QString exportStepsTo(const QString& path, bool gif, QSize size, int delayMs);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenusAndToolbar();
    void showPacking();
    void showError(const QString& title, const QString& message);
    void chooseAndOpen();
    void chooseAndExportNetwork(NetworkExport kind);
    void chooseAndExport();
    void markWeight(int row, int originalColumn);
    void updateTitle();
    bool saveWorkspaceInteractively(bool chooseName);
    // Asks to save a modified workspace; false when the user cancels.
    bool maybeSave(const QString& why);
    void rebuildRecentMenu();
    void syncLayerControls();
    // Shows in `to` the rows `from` shows and the same share of its columns.
    void syncZoom(MatrixPlot* from, MatrixPlot* to);
    // The packing parameters belong to the matrix and array views; training and the comparison
    // have the width to themselves.
    bool showsPackingParameters() const;

    WorkspaceDocument* m_workspace;
    LayerDocument* m_document;
    MatrixPlot* m_original;
    MatrixPlot* m_packed;
    ParameterPanel* m_parameters;
    MetricsPanel* m_metrics;
    ArrayPanel* m_array;
    TrainingPanel* m_training;
    RunsPanel* m_runs;
    NetworkPanel* m_networkPanel;
    TradeoffsPanel* m_tradeoffs;
    QTabWidget* m_tabs;
    QWidget* m_matrixTab = nullptr;
    QWidget* m_side = nullptr;
    QComboBox* m_colouring;
    QComboBox* m_layerChoice;
    QAction* m_layerChoiceAction = nullptr;
    QLabel* m_hover;
    QLabel* m_legend = nullptr;
    QAction* m_syncZoom = nullptr;
    bool m_syncing = false;  // a synchronised range change is being applied
    PackingStepsPanel* m_steps = nullptr;
    QAction* m_stepAction = nullptr;
    bool m_stepping = false;
    QList<QShortcut*> m_stepKeys;  // space and arrows while stepping on the matrix tab
    void drawStepFrame();
    void chooseAndExportSteps();
    void updateStepKeys();
    QLabel* m_busy;
    QCheckBox* m_trainedGroups;
    QAction* m_trainedGroupsAction = nullptr;
    QSplitter* m_split = nullptr;
    QSplitter* m_plots = nullptr;
    QMenu* m_recent = nullptr;
    QAction* m_fullScreenAction = nullptr;
    bool m_presenting = false;  // full screen, showing the array only
};

} // namespace colcomb::ui
