#include "WorkspaceDocument.h"

#include "sweep/Sweep.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"
#include "matrix/RandomMatrix.h"
#include "training/Bundled.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <utility>
#include <QUndoCommand>
#include <QtConcurrent/QtConcurrentRun>

#include <csignal>
#include <functional>
#include <utility>

namespace colcomb::ui {

namespace {

constexpr int kDefaultAutosaveSeconds = 30;
const QString kDemoName = "demo layer (64 x 128, seeded sparse)";

// One edit of a value the document holds: undo puts back `before`, redo `after`. Edits are
// applied by the document before they are pushed, so the first redo has nothing to do.
// Consecutive edits with the same non-empty key (the same field) merge into one step.
template <typename T>
class ValueEdit : public QUndoCommand {
public:
    ValueEdit(const QString& text, int id, QString key, T before, T after, std::function<void(const T&)> apply)
        : QUndoCommand(text), m_id(id), m_key(std::move(key)), m_before(std::move(before)), m_after(std::move(after)), m_apply(std::move(apply))
    {
    }
    void undo() override { m_apply(m_before); }
    void redo() override
    {
        if (!std::exchange(m_applied, false)) m_apply(m_after);
    }
    int id() const override { return m_key.isEmpty() ? -1 : m_id; }
    bool mergeWith(const QUndoCommand* other) override
    {
        const auto* next = static_cast<const ValueEdit*>(other);  // same id: same type
        if (next->m_key != m_key) return false;
        m_after = next->m_after;
        return true;
    }

private:
    int m_id;
    QString m_key;
    T m_before, m_after;
    std::function<void(const T&)> m_apply;
    bool m_applied = true;
};

enum EditId { kPackingEdit = 1, kSimulationEdit, kFormEdit, kTradeoffEdit };

// The field an edit changed, so that a dragged slider merges and a different field does not.
QString changedField(const PackingEdit& a, const PackingEdit& b)
{
    if (a.trainedGroups != b.trainedGroups) return "trained groups";
    if (a.params.alpha != b.params.alpha) return "alpha";
    if (a.params.gamma != b.params.gamma) return "gamma";
    if (a.params.method != b.params.method) return "method";
    if (a.params.array != b.params.array) return "array";
    return "pairwise section";
}

QString changedField(const TrainingForm& a, const TrainingForm& b)
{
    const std::pair<bool, const char*> fields[] = {
        {a.dataset != b.dataset, "data set"}, {a.dataDir != b.dataDir, "data folder"}, {a.network != b.network, "network"},
        {a.alpha != b.alpha, "alpha"},        {a.gamma != b.gamma, "gamma"},           {a.method != b.method, "method"},
        {a.epochs != b.epochs, "epochs"},     {a.dataFraction != b.dataFraction, "data fraction"}, {a.seed != b.seed, "seed"},
        {a.from != b.from, "start from"},     {a.outDir != b.outDir, "output folder"}, {a.batch != b.batch, "batch"},
        {a.learningRate != b.learningRate, "learning rate"}};
    for (const auto& [changed, name] : fields)
        if (changed) return name;
    return "training form";
}

QString recoveryFolder() { return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/recovery"; }

bool isBundled(const QString& path)
{
    return QFileInfo(path).absoluteFilePath().startsWith(QFileInfo(QString::fromStdString(resourcesFolder())).absoluteFilePath() + "/");
}

// A new workspace's runs go to the home folder unless the form says otherwise.
TrainingForm withOutputFolder(TrainingForm form)
{
    if (form.outDir.empty()) form.outDir = QDir::home().filePath("colcomb-runs/run").toStdString();
    return form;
}

// The process that wrote a recovery file, from its name "workspace-PID.json".
qint64 writerOf(const QString& file) { return QFileInfo(file).completeBaseName().section('-', 1).toLongLong(); }

// Whether the studio that wrote a recovery file still runs: a process with that id that is not a
// zombie (a crashed process its parent has not reaped yet) and runs the same program (an id can be
// reused by another program after a crash).
bool writerRuns(qint64 pid)
{
    if (pid <= 0) return false;
    if (pid == QCoreApplication::applicationPid()) return true;
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) {
        if (QDir("/proc/self").exists()) return false;      // /proc answers: no such process
        return ::kill(static_cast<pid_t>(pid), 0) == 0;  // a system without /proc
    }
    // "pid (comm) state ...": comm may hold spaces and parentheses, so read around the last ')'.
    const QByteArray line = stat.readAll();
    const qsizetype open = line.indexOf('(');
    const qsizetype close = line.lastIndexOf(')');
    if (open < 0 || close < open || close + 2 >= line.size()) return false;
    if (line.at(close + 2) == 'Z') return false;
    const QString ours = QFileInfo(QCoreApplication::applicationFilePath()).fileName().left(15);  // comm is at most 15 characters
    return QString::fromUtf8(line.mid(open + 1, close - open - 1)) == ours;
}

// A sweep point's model copied to <workspace>-models/<its run folder>.zip (the folder is the
// point's cache key, so two points never share a name), written whole before it is renamed.
QString keepBeside(const QString& model, const QString& workspacePath)
{
    const QFileInfo ws(workspacePath);
    const QDir folder(ws.absolutePath() + "/" + ws.completeBaseName() + "-models");
    if (!folder.exists() && !QDir().mkpath(folder.path())) throw FileError(folder.path().toStdString(), "cannot make the folder for the workspace's models");
    const QString target = folder.filePath(QFileInfo(model).absoluteDir().dirName() + ".zip");
    if (QFileInfo(target).absoluteFilePath() == QFileInfo(model).absoluteFilePath()) return target;
    const QString partial = target + ".partial";
    QFile::remove(partial);
    if (!QFile::copy(model, partial)) throw FileError(model.toStdString(), "cannot copy the sweep point's model to " + target.toStdString());
    QFile::remove(target);
    if (!QFile::rename(partial, target)) throw FileError(target.toStdString(), "cannot write the sweep point's model");
    return target;
}

QString missingSourceText(const QString& workspace, const QString& source)
{
    const bool cached = source.contains("/colcomb/sweeps/runs/") || source.contains("colcomb-sweep-runs");
    return workspace + " shows the layer of " + source + ", which is gone. "
           + (cached ? "It was a sweep point's trained model in the sweep cache, and the cache has been cleared: run the sweep again in the "
                       "Trade-offs tab (its other points come from the cache) and click the point to show it again. "
                     : "Open the file from where it is now (File > Open) and save the workspace again. ")
           + "The rest of the workspace (runs, sweep results, settings) is open, on the demo layer meanwhile.";
}

} // namespace

// A change of the layer shown: an opened file, another layer of a model, the worked example.
class SourceEdit : public ValueEdit<SourceState> {
public:
    SourceEdit(const QString& text, SourceState before, SourceState after, LayerDocument* layer)
        : ValueEdit(text, -1, {}, std::move(before), std::move(after), [layer](const SourceState& s) { layer->restore(s); })
    {
    }
};

WorkspaceDocument::WorkspaceDocument(QObject* parent) : QObject(parent), m_runs(this)
{
    m_layer.setParent(this);
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (clean) removeRecoveryFile();
        emit modifiedChanged(!clean);
    });
    connect(&m_layer, &LayerDocument::fileOpened, this, [this] { pushSourceEdit("Open " + QFileInfo(m_layer.sourcePath()).fileName(), m_beforeOpen); });
    connect(&m_sweeps, &SweepDocument::runFinished, this, [this](const QString& path) {
        TradeoffView view = m_sweeps.view();
        if (std::find(view.results.begin(), view.results.end(), path.toStdString()) == view.results.end()) view.results.push_back(path.toStdString());
        editTradeoffs(view, "Add sweep results " + QFileInfo(path).fileName());
    });
    connect(&m_evaluation, &EvaluationJob::evaluated, this, &WorkspaceDocument::addRun);
    connect(&m_training, &TrainingJob::ended, this, [this](const RunRecord& run) { addRun(run); });
    connect(&m_autosave, &QTimer::timeout, this, &WorkspaceDocument::autosave);
    connect(&m_autosaving, &QFutureWatcher<void>::finished, this, [this] {
        if (std::exchange(m_autosaveAgain, false)) autosave();
    });
    setAutosaveInterval(kDefaultAutosaveSeconds);
    m_displayName = "Untitled";
    m_form = withOutputFolder(m_form);
}

WorkspaceDocument::~WorkspaceDocument()
{
    disconnect(&m_undo, nullptr, this, nullptr);  // the stack's own destruction reports itself clean
    removeRecoveryFile();
}

bool WorkspaceDocument::isSweepPointModel(const QString& path) const
{
    const QString file = QFileInfo(path).absoluteFilePath();
    return m_sweepPointModels.contains(file) || file.startsWith(QFileInfo(QString::fromStdString(SweepCache::defaultFolder())).absoluteFilePath() + "/");
}

Workspace WorkspaceDocument::snapshot() const
{
    // The layer's state, or the one a restore is loading: a snapshot taken meanwhile (an autosave
    // right after a recovery) must not record the layer that is being replaced.
    Workspace ws;
    ws.source = m_layer.state().source;
    if (!ws.source.path.empty()) ws.source.path = QFileInfo(QString::fromStdString(ws.source.path)).absoluteFilePath().toStdString();
    ws.simulation = m_simulation;
    ws.training = m_form;
    ws.runs = m_runs.runs();
    ws.tradeoffs = m_sweeps.view();
    return ws;
}

QString WorkspaceDocument::displayName() const { return m_displayName; }

void WorkspaceDocument::editParams(const PackingParams& params)
{
    const PackingEdit before{m_layer.params(), m_layer.usesTrainedGroups()};
    // A new parameter means a re-packing: a trained layer leaves its trained groups.
    if (m_layer.hasTrainedGroups()) m_layer.setUseTrainedGroups(false);
    m_layer.setParams(params);
    pushPackingEdit("Edit ", before, true);
}

void WorkspaceDocument::editTrainedGroups(bool use)
{
    const PackingEdit before{m_layer.params(), m_layer.usesTrainedGroups()};
    m_layer.setUseTrainedGroups(use);
    pushPackingEdit(use ? "Show trained groups" : "Re-pack trained layer", before, false);
}

void WorkspaceDocument::pushPackingEdit(const QString& text, const PackingEdit& before, bool mergeSameField)
{
    const PackingEdit after{m_layer.params(), m_layer.usesTrainedGroups()};
    if (after == before) return;
    const QString field = changedField(before, after);
    m_undo.push(new ValueEdit<PackingEdit>(mergeSameField ? text + field : text, kPackingEdit, mergeSameField ? field : QString(), before, after,
                                           [this](const PackingEdit& e) {
                                               m_layer.setUseTrainedGroups(e.trainedGroups);
                                               m_layer.setParams(e.params);
                                           }));
}

void WorkspaceDocument::editSimulation(const SimulationSettings& settings)
{
    if (settings == m_simulation) return;
    const SimulationSettings before = m_simulation;
    const auto apply = [this](const SimulationSettings& s) {
        m_simulation = s;
        emit simulationChanged();
    };
    apply(settings);
    m_undo.push(new ValueEdit<SimulationSettings>("Edit simulation settings", kSimulationEdit, before.mac != settings.mac ? "mac" : "vectors", before,
                                                  settings, apply));
}

void WorkspaceDocument::editTrainingForm(const TrainingForm& form)
{
    if (form == m_form) return;
    const TrainingForm before = m_form;
    const auto apply = [this](const TrainingForm& f) {
        m_form = f;
        emit trainingFormChanged();
    };
    apply(form);
    const QString field = changedField(before, form);
    m_undo.push(new ValueEdit<TrainingForm>("Edit training " + field, kFormEdit, field, before, form, apply));
}

void WorkspaceDocument::openSource(const QString& path)
{
    m_beforeOpen = m_layer.state();
    m_layer.openFile(path, -1, std::exchange(m_paramsOutsideExample, std::nullopt));
}

void WorkspaceDocument::pushSourceEdit(const QString& text, const SourceState& before)
{
    m_undo.push(new SourceEdit(text, before, m_layer.state(), &m_layer));
}

void WorkspaceDocument::selectLayer(int index)
{
    if (index == m_layer.currentModelLayer()) return;
    const SourceState before = m_layer.state();
    m_layer.selectLayer(index);
    if (m_layer.currentModelLayer() != before.source.layer) pushSourceEdit("Show layer " + QString::number(index), before);
}

void WorkspaceDocument::editLayerAlpha(int modelLayer, int alpha)
{
    if (modelLayer < 0 || m_layer.layerAlpha(modelLayer) == alpha || alpha < 1) return;  // not a packed layer, or no change
    if (modelLayer == m_layer.currentModelLayer()) {
        PackingParams p = m_layer.params();
        p.alpha = alpha;
        return editParams(p);
    }
    const SourceState before = m_layer.state();
    m_layer.setLayerAlpha(modelLayer, alpha);
    pushSourceEdit(QString("Set alpha of %1 to %2").arg(m_layer.modelLayers().value(modelLayer)).arg(alpha), before);
}

void WorkspaceDocument::showGenerated(const FilterMatrix& matrix, const QString& name, const PackingParams& params, const QString& editName)
{
    const SourceState before = m_layer.state();
    if (!m_paramsOutsideExample) m_paramsOutsideExample = m_layer.params();
    m_layer.restore({{{}, -1, params, m_layer.usesTrainedGroups(), {}}, std::make_shared<const FilterMatrix>(matrix), name});
    pushSourceEdit(editName, before);
}

PackingParams WorkspaceDocument::userParams() const { return m_paramsOutsideExample.value_or(m_layer.params()); }

void WorkspaceDocument::setRuns(std::vector<RunRecord> runs)
{
    m_runs.setRuns(std::move(runs));
    emit runsChanged();
}

void WorkspaceDocument::addRun(const RunRecord& run)
{
    const std::vector<RunRecord> before = m_runs.runs();
    std::vector<RunRecord> after = before;
    addOrReplaceRun(after, run);
    setRuns(after);
    m_undo.push(new ValueEdit<std::vector<RunRecord>>("Add run " + QString::fromStdString(run.name), -1, {}, before, after,
                                                      [this](const std::vector<RunRecord>& r) { setRuns(r); }));
    autosave();  // a finished run is hours of work: keep it at once
}

void WorkspaceDocument::editTradeoffs(const TradeoffView& view, const QString& text, const QString& field)
{
    const TradeoffView before = m_sweeps.view();
    if (view == before) return;
    m_sweeps.setView(view);
    m_undo.push(new ValueEdit<TradeoffView>(text, kTradeoffEdit, field, before, view, [this](const TradeoffView& v) { m_sweeps.setView(v); }));
}

void WorkspaceDocument::showSweepPoint(const nlohmann::json& result)
{
    // A training point: its trained model, packed with the groups it was trained with.
    if (const auto model = result.find("model"); model != result.end() && model->is_string()) {
        editTrainedGroups(true);
        const QString path = QString::fromStdString(model->get<std::string>());
        m_sweepPointModels.insert(QFileInfo(path).absoluteFilePath());
        openSource(path);
        return;
    }
    const PackingParams params = sweepPointParams(result, m_layer.params());
    const std::string weights = result.value("input", std::string());
    editParams(params);
    if (!weights.empty() && QFileInfo(QString::fromStdString(weights)).absoluteFilePath() != QFileInfo(QString::fromStdString(m_layer.state().source.path)).absoluteFilePath())
        openSource(QString::fromStdString(weights));
}

void WorkspaceDocument::removeRun(int row)
{
    if (row < 0 || row >= m_runs.rowCount()) return;
    const std::vector<RunRecord> before = m_runs.runs();
    std::vector<RunRecord> after = before;
    after.erase(after.begin() + row);
    setRuns(after);
    m_undo.push(new ValueEdit<std::vector<RunRecord>>("Remove run " + QString::fromStdString(before[static_cast<std::size_t>(row)].name), -1, {}, before,
                                                      after, [this](const std::vector<RunRecord>& r) { setRuns(r); }));
}

void WorkspaceDocument::apply(const Workspace& ws, Start start)
{
    m_evaluation.cancel();  // its run belongs to the workspace being replaced
    m_paramsOutsideExample.reset();
    m_simulation = ws.simulation;
    emit simulationChanged();
    m_form = withOutputFolder(ws.training);
    emit trainingFormChanged();
    setRuns(ws.runs);
    m_sweeps.setView(ws.tradeoffs);
    if (!ws.source.path.empty())
        m_layer.restore({ws.source, nullptr, {}});
    else if (start == Start::DemoLayer)
        m_layer.restore({{{}, -1, ws.source.packing, ws.source.trainedGroups, {}}, std::make_shared<const FilterMatrix>(demoLayer()), kDemoName});
    else
        m_layer.clear(ws.source.packing);
    m_undo.clear();
}

void WorkspaceDocument::setFilePath(const QString& path, const QString& displayName)
{
    m_path = path;
    m_displayName = displayName;
    emit filePathChanged();
}

bool WorkspaceDocument::evaluateModelFile(const QString& path) { return m_evaluation.start(path, m_form.dataset, m_form.dataDir); }

QString WorkspaceDocument::open(const QString& path)
{
    QString missing;
    try {
        Workspace ws = loadWorkspace(path.toStdString());
        if (!ws.source.path.empty() && !QFileInfo::exists(QString::fromStdString(ws.source.path))) {
            missing = missingSourceText(QFileInfo(path).fileName(), QString::fromStdString(ws.source.path));
            ws.source.path.clear();
        }
        apply(ws);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    setFilePath(isBundled(path) ? QString() : QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    if (!missing.isEmpty()) emit sourceMissing(missing);
    return {};
}

QString WorkspaceDocument::saveTo(const QString& path)
{
    try {
        Workspace ws = snapshot();
        if (!ws.source.path.empty() && isSweepPointModel(QString::fromStdString(ws.source.path)))
            ws.source.path = keepBeside(QString::fromStdString(ws.source.path), path).toStdString();
        saveWorkspace(path.toStdString(), ws);
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    setFilePath(QFileInfo(path).absoluteFilePath(), QFileInfo(path).fileName());
    m_undo.setClean();
    removeRecoveryFile();
    return {};
}

void WorkspaceDocument::newWorkspace(Start start)
{
    apply(Workspace{}, start);
    setFilePath({}, "Untitled");
}

void WorkspaceDocument::setAutosaveInterval(int seconds)
{
    m_autosave.stop();
    if (seconds > 0) m_autosave.start(seconds * 1000);
}

QString WorkspaceDocument::recoveryPath() const
{
    return recoveryFolder() + QString("/workspace-%1.json").arg(QCoreApplication::applicationPid());
}

void WorkspaceDocument::autosave()
{
    if (!isModified()) return;
    if (m_autosaving.isRunning()) {
        m_autosaveAgain = true;  // written again with the newest state when this one is done
        return;
    }
    // The snapshot is taken here; the file (written and synced to disk) on a worker, so that the
    // UI thread never waits for the disk.
    nlohmann::json j = workspaceToJson(snapshot(), recoveryFolder().toStdString());
    j["recovered_from"] = m_path.toStdString();
    j["recovered_name"] = m_displayName.toStdString();
    m_autosaving.setFuture(QtConcurrent::run([folder = recoveryFolder(), file = recoveryPath().toStdString(), j = std::move(j)] {
        try {
            QDir().mkpath(folder);
            writeFileAtomically(file, j.dump(1) + "\n");
        } catch (const std::exception&) {
            // Autosaving is a safety net: a full disk must not interrupt the user's work.
        }
    }));
}

void WorkspaceDocument::removeRecoveryFile()
{
    m_autosaveAgain = false;
    m_autosaving.waitForFinished();  // a write in flight would bring the file back
    QFile::remove(recoveryPath());
}

QStringList WorkspaceDocument::leftoverRecoveryFiles()
{
    QStringList files;
    const QDir folder(recoveryFolder());
    for (const QFileInfo& f : folder.entryInfoList({"workspace-*.json"}, QDir::Files, QDir::Time)) {
        if (!writerRuns(writerOf(f.fileName()))) files << f.absoluteFilePath();
    }
    return files;
}

QString WorkspaceDocument::restoreRecovery(const QString& file)
{
    try {
        const std::string text = readWholeFile(file.toStdString());
        const Workspace ws = parseWorkspace(text, file.toStdString(), QFileInfo(file).absolutePath().toStdString());
        const nlohmann::json j = parseJsonText(text, file.toStdString());
        apply(ws);
        setFilePath(QString::fromStdString(j.value("recovered_from", "")), QString::fromStdString(j.value("recovered_name", "Untitled")));
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    QFile::remove(file);
    m_undo.resetClean();  // restored work is not saved yet
    autosave();
    return {};
}

} // namespace colcomb::ui
