#pragma once
// The Compare tab: every training run of the workspace (and any model file added to it) side by
// side: accuracy in float and at 8 bits, nonzeros, utilization and tiles without and with column
// combining, as a table and as a bar chart. A run's model opens in the filter-matrix view or goes
// straight to the systolic array.
#include "RunsModel.h"

#include <QFutureWatcher>
#include <QWidget>

#include <atomic>
#include <memory>

class QCustomPlot;
class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace colcomb::ui {

class RunsPanel : public QWidget {
    Q_OBJECT

public:
    // A view of the workspace's runs; edits go out as signals to the document.
    explicit RunsPanel(RunsModel* runs, QWidget* parent = nullptr);
    ~RunsPanel() override;

    const std::vector<RunRecord>& runs() const { return m_runs->runs(); }
    // Selects the run with this model file (a run just added).
    void selectRunOf(const std::string& modelPath);
    // Evaluates a saved model in the background on this data set; emits runEvaluated.
    void addModelFile(const QString& path, const std::string& dataset, const std::string& dataDir);
    // Drops an evaluation in flight (another workspace replaced this one).
    void cancelEvaluation();
    bool isEvaluating() const { return m_watcher.isRunning(); }
    QTableView* table() const { return m_table; }
    QTableWidget* layerTable() const { return m_layers; }
    QCustomPlot* chart() const { return m_chart; }
    // Empty on success, otherwise the error.
    QString exportChartTo(const QString& path);
    // The run's packed layers, folded and quantized to 8 bits, as packed-layer files for
    // `colcomb simulate --packed`. Empty on success, otherwise the error.
    QString exportPackedLayersTo(int run, const QString& folder);

signals:
    void runEvaluated(const colcomb::RunRecord& run);
    void removeRequested(int row);
    void runSelected(const colcomb::RunRecord& run);
    void openRequested(const QString& modelPath);
    void simulateRequested(const QString& modelPath);
    // Asks for the data set to evaluate a chosen model file on (the training form's).
    void addModelRequested(const QString& path);

private:
    struct Evaluated {
        std::shared_ptr<RunRecord> run;
        QString error;
    };
    void refresh();
    void showLayersOf(int run);
    int selectedRun() const;
    void onEvaluated();

    RunsModel* m_runs;
    QTableView* m_table;
    QTableWidget* m_layers;  // the selected run's filter layers
    QCustomPlot* m_chart;
    QLabel* m_status;
    QPushButton* m_open;
    QPushButton* m_simulate;
    QPushButton* m_remove;
    QPushButton* m_exportPacked;
    QFutureWatcher<Evaluated> m_watcher;
    bool m_dropEvaluation = false;
    std::atomic<bool> m_cancelEvaluation{false};
};

} // namespace colcomb::ui
