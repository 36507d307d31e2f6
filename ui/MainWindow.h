#pragma once
// The studio's main window: the original and packed filter matrices side by side, the packing
// parameters and the metrics beside them.
#include "LayerDocument.h"
#include "MatrixPlot.h"
#include "io/Workspace.h"

#include <QMainWindow>

class QCheckBox;
class QComboBox;
class QLabel;
class QTabWidget;

namespace colcomb::ui {

class ArrayPanel;
class MetricsPanel;
class ParameterPanel;
class RunsPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(LayerDocument* document, QWidget* parent = nullptr);

    // Weights, a model or a workspace (a .json whose format is "colcomb.workspace"). Weights and
    // models load in the background (errors arrive through the document); a workspace that cannot
    // be read returns its error, which is also shown.
    QString openFile(const QString& path);
    // The studio's state as a workspace, and the reverse. Empty on success, else the error.
    Workspace workspace() const;
    void applyWorkspace(const Workspace& ws);
    QString saveWorkspaceTo(const QString& path);
    QString openWorkspace(const QString& path);
    bool isModified() const { return m_modified; }
    RunsPanel* runsPanel() const { return m_runs; }
    TrainingPanel* trainingPanel() const { return m_training; }
    // The current tab's figure: both filter matrices (matrix and array tabs), the training curves,
    // or the comparison chart. Empty on success, otherwise the error message.
    QString exportFigureTo(const QString& path);
    LayerDocument* document() const { return m_document; }
    ArrayPanel* arrayPanel() const { return m_array; }
    // Loads the worked example into the document and shows it running on the array.
    void showTeachingExample();
    void showArrayTab();
    // "matrices", "array", "training" or "compare"; false for another name.
    bool showTab(const QString& name);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenusAndToolbar();
    void showPacking();
    void showError(const QString& title, const QString& message);
    void chooseAndOpen();
    void chooseAndExport();
    void toggleFullScreen();
    void markWeight(int row, int originalColumn);
    void setModified(bool modified);
    void updateTitle();
    bool saveWorkspaceInteractively(bool chooseName);

    LayerDocument* m_document;
    MatrixPlot* m_original;
    MatrixPlot* m_packed;
    ParameterPanel* m_parameters;
    MetricsPanel* m_metrics;
    ArrayPanel* m_array;
    TrainingPanel* m_training;
    RunsPanel* m_runs;
    QTabWidget* m_tabs;
    QWidget* m_side = nullptr;
    QComboBox* m_colouring;
    QComboBox* m_layerChoice;
    QAction* m_layerChoiceAction = nullptr;
    QLabel* m_hover;
    QLabel* m_busy;
    QCheckBox* m_trainedGroups;
    QAction* m_trainedGroupsAction = nullptr;
    QString m_workspacePath;  // empty: not saved yet (or the bundled one, which is never overwritten)
    bool m_modified = false;
};

} // namespace colcomb::ui
