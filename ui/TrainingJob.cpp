#include "TrainingJob.h"

#include "base/Allocation.h"

#include <QMetaObject>
#include <QtConcurrent/QtConcurrentRun>

#include <filesystem>

namespace colcomb::ui {

TrainingJob::TrainingJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &TrainingJob::onFinished);
}

TrainingJob::~TrainingJob()
{
    m_cancel = true;
    m_watcher.waitForFinished();
}

QString TrainingJob::start(const TrainingForm& form, bool resume)
{
    if (isRunning()) return "A training run is in progress: stop it first.";
    std::shared_ptr<TrainingSession> session;
    try {
        const std::string checkpoint = (std::filesystem::path(form.outDir) / kModelFileName).string();
        session = std::make_shared<TrainingSession>(form, resume ? checkpoint : std::string());
    } catch (const std::exception& e) {
        return QString::fromStdString(e.what());
    }
    m_modelPath = QString::fromStdString(session->modelPath());
    m_cancel = false;
    emit started();
    // Progress is reported through the event loop: the worker never touches this object's
    // receivers directly.
    m_watcher.setFuture(QtConcurrent::run([this, session]() -> Outcome {
        TrainingCallbacks callbacks;
        callbacks.phase = [this](const std::string& phase) {
            const QString text = QString::fromStdString(phase);
            QMetaObject::invokeMethod(this, [this, text] { emit phaseChanged(text.left(1).toUpper() + text.mid(1) + "..."); }, Qt::QueuedConnection);
        };
        callbacks.batch = [this](int epoch, int epochs, const EpochProgress& p) {
            const int percent = static_cast<int>(100 * p.batchesDone / std::max<std::size_t>(p.batches, 1));
            const QString text = QString("epoch %1/%2: batch %3/%4, loss %5").arg(epoch).arg(epochs).arg(p.batchesDone).arg(p.batches).arg(p.meanLoss, 0, 'f', 4);
            QMetaObject::invokeMethod(this, [this, percent, text] { emit batchDone(percent, text); }, Qt::QueuedConnection);
        };
        callbacks.epoch = [this](const nlohmann::json& report) {
            const QByteArray text = QByteArray::fromStdString(report.dump());
            QMetaObject::invokeMethod(this, [this, text] { emit epochDone(text); }, Qt::QueuedConnection);
        };
        try {
            retainFreedMemory();
            const TrainingOutcome outcome = session->run(callbacks, &m_cancel);
            return {{}, outcome.stopped, std::make_shared<RunRecord>(outcome.record)};
        } catch (const std::exception& e) {
            return {QString::fromStdString(e.what()), false, nullptr};
        }
    }));
    return {};
}

void TrainingJob::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (!outcome.error.isEmpty()) emit failed(outcome.error);
    else emit ended(*outcome.run, !outcome.stopped);
}

} // namespace colcomb::ui
