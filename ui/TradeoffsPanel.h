#pragma once
// The Trade-offs tab: a figure drawn from the workspace's sweep results (SweepDocument), the
// controls that choose it (figure kind, which sweep, the Pareto view's metrics), running a sweep spec or one of
// the paper's figures with progress and cancel, adding and removing results files, and exporting
// the figure at a printed size with the numbers behind it. Edits go to the document as signals;
// clicking a point asks for its configuration in the matrix and array views.
#include "FigureExport.h"
#include "SweepDocument.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace colcomb::ui {

class WorkspaceDocument;

class TradeoffChart;

class TradeoffsPanel : public QWidget {
    Q_OBJECT

public:
    explicit TradeoffsPanel(SweepDocument* sweeps, QWidget* parent = nullptr);
    // View edits become the workspace's; a chosen point is shown in the workspace's layer views;
    // a failed sweep is reported in a dialog.
    void bind(WorkspaceDocument& workspace);

    TradeoffChart* chart() const { return m_chart; }
    QComboBox* figureChoice() const { return m_figure; }
    QComboBox* sweepChoice() const { return m_sweep; }
    QLabel* status() const { return m_status; }
    // Runs a sweep spec file, its results kept under the application's data folder.
    void runSpec(const QString& specPath);
    // The paper's figure N (2-6): its quick spec run (or read from the cache) and drawn; its results
    // join the workspace's others, and the chart shows that sweep's.
    void reproduce(int figure);
    // The document's printed size (TradeoffView), which the panel's Export size edits.
    PrintSize printSize() const;
    // Writes the shown figure (.pdf, .svg, .png) at `size`; .csv or .json write its numbers.
    // Empty on success, otherwise the error.
    QString exportTo(const QString& path, const PrintSize& size) const;
    // Where the studio keeps the results of specs it ran.
    static QString resultsFolder();

signals:
    // `field` non-empty: consecutive edits of it are one undo step.
    void viewEdited(const colcomb::TradeoffView& view, const QString& text, const QString& field);
    void pointChosen(const nlohmann::json& result);

private:
    void redraw();
    void refreshControls();
    void refreshSweepChoice();
    void editView(const std::function<void(TradeoffView&)>& change, const QString& text, const QString& field = {});

    SweepDocument* m_sweeps;
    TradeoffChart* m_chart;
    QComboBox* m_figure;
    QComboBox* m_sweep;
    QCheckBox* m_barValues;
    QComboBox* m_x;
    QComboBox* m_y;
    QLabel* m_xLabel;
    QLabel* m_yLabel;
    QLabel* m_files;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QPushButton* m_run;
    QPushButton* m_remove;
    QDoubleSpinBox* m_widthMm;
    QDoubleSpinBox* m_heightMm;
    QSpinBox* m_dpi;
};

} // namespace colcomb::ui
