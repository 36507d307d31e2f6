#pragma once
// The studio's one document: everything a workspace file holds. The layer being packed (its
// source, model layer, packing parameters and trained-groups choice, in a LayerDocument), the
// simulation settings, the training form and the runs. Panels are views and editors of it: they
// show its state and send each user edit here, where it becomes one step on the undo stack. The
// workspace is modified exactly while that stack is not at its clean index. Work that runs off
// the UI thread belongs to it too (TrainingJob, EvaluationJob, SimulationJob, SteppingJob): a
// panel asks for it and shows its progress and result, and never starts it itself.
//
// Crash recovery: while modified, the document is written every autosave interval (30 s unless
// set) and at once when a run is added, to a recovery file of this process under the application
// data folder. A save, a clean undo stack or a normal exit removes it; a file left by a process
// that is gone is what the next start offers to restore.
#include "EvaluationJob.h"
#include "LayerDocument.h"
#include "NetworkDocument.h"
#include "RunsModel.h"
#include "SimulationJob.h"
#include "SteppingJob.h"
#include "SweepDocument.h"
#include "TrainingJob.h"
#include "io/Workspace.h"

#include <QFutureWatcher>
#include <QObject>
#include <QTimer>
#include <QSet>
#include <QUndoStack>

namespace colcomb::ui {

// What a packing edit changes: the parameters and whether a trained layer keeps its groups.
struct PackingEdit {
    PackingParams params;
    bool trainedGroups = true;
    bool operator==(const PackingEdit&) const = default;
};

class WorkspaceDocument : public QObject {
    Q_OBJECT

public:
    explicit WorkspaceDocument(QObject* parent = nullptr);
    ~WorkspaceDocument() override;

    LayerDocument* layer() { return &m_layer; }
    const LayerDocument* layer() const { return &m_layer; }
    // The open model's whole network, packed with each layer's alpha.
    NetworkDocument* network() { return &m_network; }
    RunsModel* runs() { return &m_runs; }
    // The Trade-offs tab: sweep results, the figure drawn from them, a sweep being run.
    SweepDocument* sweeps() { return &m_sweeps; }
    // A saved model being evaluated; the run it yields joins the workspace's runs.
    EvaluationJob* evaluation() { return &m_evaluation; }
    // A training run; the run it yields (finished or stopped) joins the workspace's runs.
    TrainingJob* training() { return &m_training; }
    // The shown layer on the array beside its baselines (the Array tab's results).
    SimulationJob* simulationJob() { return &m_simulationJob; }
    // The shown packing's steps, for the step-through.
    SteppingJob* stepping() { return &m_stepping; }
    QUndoStack* undoStack() { return &m_undo; }
    const SimulationSettings& simulation() const { return m_simulation; }
    const TrainingForm& trainingForm() const { return m_form; }
    // What saving writes.
    Workspace snapshot() const;
    // Where Save writes: empty for a new workspace and for the bundled one (never overwritten).
    const QString& filePath() const { return m_path; }
    // The title's name: the file's name, or "Untitled".
    QString displayName() const;
    bool isModified() const { return !m_undo.isClean(); }

    // User edits: each one step on the undo stack (consecutive edits of one field merge, as a
    // dragged slider is one edit).
    void editParams(const PackingParams& params);
    void editTrainedGroups(bool use);
    void editSimulation(const SimulationSettings& settings);
    void editTrainingForm(const TrainingForm& form);
    // Loads in the background; recorded as an edit once it has loaded (a failed load is not one).
    void openSource(const QString& path);
    void selectLayer(int index);
    // A model layer's own alpha (the Network tab): the shown layer's is a parameter edit.
    void editLayerAlpha(int modelLayer, int alpha);
    // A layer made in the studio (the worked example), with the parameters that go with it: they
    // leave with it, and the next file opened starts from the parameters in use before it.
    void showGenerated(const FilterMatrix& matrix, const QString& name, const PackingParams& params, const QString& editName);
    // The user's own parameters: the current ones, or those in use before the worked example.
    PackingParams userParams() const;
    // The trade-off view (results files, figure, printed size): one undo step; consecutive edits
    // with the same non-empty `field` (a spin box stepped) merge into one.
    void editTradeoffs(const TradeoffView& view, const QString& text, const QString& field = {});
    // A sweep result's configuration in the matrix and array views: a packing point's weights
    // with its parameters, or a training point's model with the groups it was trained with.
    void showSweepPoint(const nlohmann::json& result);
    void addRun(const RunRecord& run);
    void removeRun(int row);
    // Evaluates a saved model on the training form's data set in the background (evaluation());
    // false while another evaluation runs. A workspace replacing this one drops it.
    bool evaluateModelFile(const QString& path);

    // Whole workspaces. Each leaves a clean undo stack; an error (naming the file) leaves the
    // document as it was. Empty on success.
    // A workspace whose layer file is gone opens all the same, on the demo layer, and says so
    // (sourceMissing): its runs, results and settings are the user's work.
    QString open(const QString& path);
    // A sweep point's trained model lives in the sweep cache, which a user may clear: saving
    // copies it beside the workspace (<name>-models/) and records that copy.
    QString saveTo(const QString& path);
    // A new, untitled workspace with default parameters, on the seeded demo layer or on no layer
    // (a file named on the command line is about to open: if it cannot be read, nothing may be
    // taken for it).
    enum class Start { DemoLayer, Empty };
    void newWorkspace(Start start = Start::DemoLayer);

    // Crash recovery.
    void setAutosaveInterval(int seconds);  // 0 turns autosaving off
    QString recoveryPath() const;
    // Writes the recovery file in the background (at once if nothing is being written).
    void autosave();
    // Waits for an autosave in flight.
    void finishAutosave() { m_autosaving.waitForFinished(); }
    // Recovery files of studio processes that are gone, newest first.
    static QStringList leftoverRecoveryFiles();
    // Restores the state a recovery file holds (modified, saving to where that workspace was
    // saved) and deletes the file. Empty on success.
    QString restoreRecovery(const QString& file);

signals:
    void simulationChanged();
    void trainingFormChanged();
    void modifiedChanged(bool modified);
    void filePathChanged();
    // A run finished or was removed, or a workspace replaced them all.
    void runsChanged();
    // An opened workspace's layer file is gone: what it was and how to go on.
    void sourceMissing(const QString& explanation);

private:
    friend class SourceEdit;
    void apply(const Workspace& ws, Start start = Start::DemoLayer);
    void setFilePath(const QString& path, const QString& displayName);
    void pushSourceEdit(const QString& text, const SourceState& before);
    // Records the packing change made since `before`; slider-like edits of one field merge.
    void pushPackingEdit(const QString& text, const PackingEdit& before, bool mergeSameField);
    void setRuns(std::vector<RunRecord> runs);
    void removeRecoveryFile();
    bool isSweepPointModel(const QString& path) const;

    LayerDocument m_layer;
    NetworkDocument m_network{&m_layer};
    RunsModel m_runs;
    SweepDocument m_sweeps;
    EvaluationJob m_evaluation;
    TrainingJob m_training;
    SimulationJob m_simulationJob;
    SteppingJob m_stepping;
    QUndoStack m_undo;
    SimulationSettings m_simulation;
    TrainingForm m_form;
    QString m_path;
    QSet<QString> m_sweepPointModels;  // models opened from sweep points: kept beside a saved workspace
    QString m_displayName;
    SourceState m_beforeOpen;  // the source when the pending open was asked for
    std::optional<PackingParams> m_paramsOutsideExample;  // set while a generated layer shows its own
    QTimer m_autosave;
    QFutureWatcher<void> m_autosaving;
    bool m_autosaveAgain = false;
};

} // namespace colcomb::ui
