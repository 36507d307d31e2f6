#pragma once
// The Training tab: choose a data set, a network and the joint-optimization parameters, start,
// stop and resume, and watch loss, accuracy, utilization and nonzeros evolve epoch by epoch.
// The run itself is the workspace's TrainingJob, on a worker thread; this tab shows it.
#include "TrainingJob.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace colcomb::ui {

class WorkspaceDocument;

class TrainingPanel : public QWidget {
    Q_OBJECT

public:
    explicit TrainingPanel(TrainingJob* job, QWidget* parent = nullptr);
    // Shows the workspace's training form; edits become the workspace's.
    void bind(WorkspaceDocument& workspace);

    // Start and Resume: a run with the form's settings (resume: continue the checkpoint in the
    // output folder); a refused request is shown in a dialog. Stop.
    void start(bool resume);
    void stop();
    bool isRunning() const { return m_job->isRunning(); }
    QCustomPlot* accuracyPlot() const { return m_accuracyPlot; }
    QCustomPlot* packingPlot() const { return m_packingPlot; }
    // Plots a finished run's per-epoch history (a run selected in the comparison); ignored while
    // training, whose own curves stay.
    void showHistory(const nlohmann::json& history, const QString& name);
    // The form as the widgets hold it (fields without a widget, such as the batch size, as last
    // set), and the document's form shown in them.
    TrainingForm form() const;
    void setForm(const TrainingForm& form);

signals:
    // The user changed a field of the form.
    void formEdited(const colcomb::TrainingForm& form);

private:
    void showEnded(const RunRecord& run, bool finished);
    void addEpoch(const nlohmann::json& report);
    void rescalePlots();
    void setRunning(bool running);
    void clearPlots();

    TrainingJob* m_job;
    QComboBox* m_dataset;
    QLineEdit* m_dataDir;
    QLineEdit* m_network;
    QLineEdit* m_alpha;
    QLineEdit* m_from;
    QDoubleSpinBox* m_gamma;
    QComboBox* m_method;
    QSpinBox* m_epochs;
    QDoubleSpinBox* m_fraction;
    QSpinBox* m_seed;
    QLineEdit* m_out;
    QPushButton* m_start;
    QPushButton* m_stopButton;
    QPushButton* m_resume;
    QProgressBar* m_progress;
    QLabel* m_status;
    QCustomPlot* m_accuracyPlot;
    QCustomPlot* m_packingPlot;
    TrainingForm m_form;     // as last set: the fields without a widget
    bool m_updating = false; // setForm is filling the widgets: not a user edit
};

} // namespace colcomb::ui
