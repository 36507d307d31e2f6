#include "EvaluationJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace colcomb::ui {

EvaluationJob::EvaluationJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &EvaluationJob::onFinished);
}

EvaluationJob::~EvaluationJob()
{
    m_cancel = true;
    m_watcher.waitForFinished();
}

bool EvaluationJob::start(const QString& modelFile, const std::string& dataset, const std::string& dataDir)
{
    if (m_watcher.isRunning()) return false;
    m_file = modelFile;
    m_dropped = false;
    m_cancel = false;
    emit started(modelFile, QString::fromStdString(dataset));
    m_watcher.setFuture(QtConcurrent::run([this, file = modelFile.toStdString(), dataset, dataDir]() -> Outcome {
        try {
            return {std::make_shared<RunRecord>(evaluateRun(file, dataset, dataDir, 8, {}, &m_cancel)), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    return true;
}

void EvaluationJob::cancel()
{
    if (!m_watcher.isRunning()) return;
    m_dropped = true;
    m_cancel = true;
}

void EvaluationJob::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (!m_dropped) {
        if (outcome.run) emit evaluated(*outcome.run);
        else emit failed(m_file, outcome.error);
    }
    emit ended();
}

} // namespace colcomb::ui
