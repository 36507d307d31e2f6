#include "SteppingJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace colcomb::ui {

SteppingJob::SteppingJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &SteppingJob::onFinished);
}

SteppingJob::~SteppingJob() { m_watcher.waitForFinished(); }

void SteppingJob::start(FilterMatrix weights, const PackingParams& params)
{
    // The watcher follows the newest future only: an older recording finishing reports nothing.
    m_watcher.setFuture(QtConcurrent::run([weights = std::move(weights), params]() -> Outcome {
        try {
            return {std::make_shared<const SteppedPacking>(weights, params), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
}

void SteppingJob::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (outcome.stepped) emit ready(outcome.stepped);
    else emit failed(outcome.error);
}

} // namespace colcomb::ui
