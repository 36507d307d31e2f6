#pragma once
// The studio's main window: it lays out six tabs over one WorkspaceDocument and connects the
// commands (StudioActions) to them. Filter matrices (MatricesTab: the original and packed
// matrices side by side, the step-through), Network (every layer of a model packed at once),
// Systolic array (the packed layer run on the simulated array), Training, Compare (runs side by
// side) and Trade-offs (sweeps and the paper's figures), with the packing parameters and metrics
// beside the views they belong to. Each panel binds itself to the document; the window keeps
// what spans them: files, exports, tabs and full screen.
#include "FigureExport.h"
#include "WorkspaceDocument.h"

#include <QMainWindow>

class QLabel;
class QMenu;
class QSplitter;
class QTabWidget;
class QToolButton;

namespace colcomb::ui {

class ArrayPanel;
class LayerChooser;
class MatricesTab;
class MetricsPanel;
class NetworkPanel;
class PackingStepsPanel;
class ParameterPanel;
class RunsPanel;
class StudioActions;
class TradeoffsPanel;
class TrainingPanel;
class WorkspaceFiles;

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
    QMenu* recentMenu() const;
    // Offers the recovery files that studios which did not exit normally left behind: Restore
    // or Discard ("ask"), or that answer without asking ("restore", "discard").
    void offerRecovery(const QString& policy);
    // File > Export report into `folder`. Empty on success, otherwise the error.
    QString exportReportTo(const QString& folder);
    // Reproduce > Figure 1: the shown layer (the bundled model's largest, if none) packed as the
    // paper's figure, alpha 8, gamma 0.5 on 64 x 64 tiles, in the matrix view.
    void reproduceMatrixFigure();
    // The current tab's figure: both filter matrices (matrix and array tabs), the training curves,
    // or the comparison chart. Empty on success, otherwise the error message.
    QString exportFigureTo(const QString& path);
    // The same figure at a printed size (the Trade-offs tab's Export size): the PDF page and the
    // PNG exactly that size, fonts in print sizes. Empty on success, otherwise the error.
    QString exportPrintFigureTo(const QString& path, const PrintSize& size);
    // Loads the worked example into the document and shows it running on the array.
    void showTeachingExample();
    void showArrayTab();
    // "matrices", "network", "array", "training", "compare" or "tradeoffs"; false for another name.
    bool showTab(const QString& name);
    bool isPresenting() const { return m_presenting; }
    void toggleFullScreen();
    // Step through packing: the matrix plots show the current packing's decisions one by one.
    void setStepping(bool on);
    bool isStepping() const;
    // Loads the 8 x 12 matrix on which greedy and pairwise differ and steps through it.
    void showStepThroughExample();
    // Every step as a frame (both matrices and the caption): an animated GIF or PNG frames.
    // Empty on success, otherwise the error.
    QString exportStepsTo(const QString& path, bool gif, QSize size, int delayMs);

    LayerDocument* document() const { return m_document; }
    ArrayPanel* arrayPanel() const { return m_array; }
    RunsPanel* runsPanel() const { return m_runs; }
    TradeoffsPanel* tradeoffsPanel() const { return m_tradeoffs; }
    NetworkPanel* networkPanel() const { return m_networkPanel; }
    TrainingPanel* trainingPanel() const { return m_training; }
    PackingStepsPanel* stepsPanel() const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QWidget* buildSidePanel();
    void connectActions();
    void connectPanels();
    void chooseAndExport(bool print);
    void chooseAndExportSteps();
    void chooseAndExportReport();
    void updateTitle();
    // The packing parameters belong to the matrix, network and array views; training and the
    // comparison have the width to themselves.
    bool showsPackingParameters() const;

    WorkspaceDocument* m_workspace;
    LayerDocument* m_document;
    StudioActions* m_actions;
    WorkspaceFiles* m_files;
    MatricesTab* m_matrices;
    ParameterPanel* m_parameters;
    MetricsPanel* m_metrics;
    ArrayPanel* m_array;
    TrainingPanel* m_training;
    RunsPanel* m_runs;
    NetworkPanel* m_networkPanel;
    TradeoffsPanel* m_tradeoffs;
    LayerChooser* m_layerChooser;
    QTabWidget* m_tabs;
    QWidget* m_side = nullptr;
    QSplitter* m_split = nullptr;
    QLabel* m_hover;
    QLabel* m_busy;
    QToolButton* m_cancelPacking;
    bool m_presenting = false;  // full screen, showing the array only
};

} // namespace colcomb::ui
