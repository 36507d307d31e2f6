#pragma once
// The Compare tab: every training run of the workspace (and any model file added to it) side by
// side: accuracy in float and at 8 bits, nonzeros, utilization and tiles without and with column
// combining, as a table and as a bar chart. A run's model opens in the filter-matrix view or goes
// straight to the systolic array.
#include "EvaluationJob.h"
#include "RunsModel.h"

#include <QWidget>

class QCustomPlot;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace colcomb::ui {

class WorkspaceDocument;

class RunsPanel : public QWidget {
    Q_OBJECT

public:
    // A view of the workspace's runs and of a model file being evaluated for them; edits go out as
    // signals to the document.
    RunsPanel(RunsModel* runs, EvaluationJob* evaluation, QWidget* parent = nullptr);
    // Removing a run and adding a model file become the workspace's edits; a run that training
    // just ended is selected.
    void bind(WorkspaceDocument& workspace);

    const std::vector<RunRecord>& runs() const { return m_runs->runs(); }
    // Selects the run with this model file (a run just added).
    void selectRunOf(const std::string& modelPath);
    QTableView* table() const { return m_table; }
    QTableWidget* layerTable() const { return m_layers; }
    QCustomPlot* chart() const { return m_chart; }
    // Empty on success, otherwise the error.
    QString exportChartTo(const QString& path);
    // The run's packed layers, folded and quantized to 8 bits, as packed-layer files for
    // `colcomb simulate --packed`. Empty on success, otherwise the error.
    QString exportPackedLayersTo(int run, const QString& folder);

signals:
    void removeRequested(int row);
    void runSelected(const colcomb::RunRecord& run);
    void openRequested(const QString& modelPath);
    void simulateRequested(const QString& modelPath);
    // A model file chosen to be evaluated and added.
    void addModelRequested(const QString& path);

private:
    void refresh();
    void showLayersOf(int run);
    int selectedRun() const;

    RunsModel* m_runs;
    EvaluationJob* m_evaluation;
    QTableView* m_table;
    QTableWidget* m_layers;  // the selected run's filter layers
    QCustomPlot* m_chart;
    QLabel* m_status;
    QPushButton* m_open;
    QPushButton* m_simulate;
    QPushButton* m_remove;
    QPushButton* m_exportPacked;
    QPushButton* m_add;
};

} // namespace colcomb::ui
