#include "SimulationJob.h"

#include <QtConcurrent/QtConcurrentRun>

namespace colcomb::ui {

SimulationJob::SimulationJob(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &SimulationJob::onFinished);
}

SimulationJob::~SimulationJob()
{
    cancel();
    m_watcher.waitForFinished();
}

void SimulationJob::start(PackedLayer layer, const ArrayConfig& config, int vectors, std::uint64_t seed)
{
    cancel();  // its answer is no longer wanted; it stops at its next tile
    // The watcher follows the newest future only, so an older one finishing reports nothing.
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    emit started();
    m_watcher.setFuture(QtConcurrent::run([layer = std::move(layer), config, vectors, seed, cancel = m_cancel]() -> Outcome {
        try {
            return {std::make_shared<const ArrayComparison>(simulateWithBaselines(layer, config, vectors, seed, {}, cancel.get())), {}, false};
        } catch (const SimulationCancelled&) {
            return {nullptr, {}, true};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what()), false};
        }
    }));
}

void SimulationJob::cancel()
{
    if (m_cancel) *m_cancel = true;
}

void SimulationJob::onFinished()
{
    const Outcome outcome = m_watcher.result();
    if (outcome.cancelled) return;
    if (outcome.comparison) emit finished(outcome.comparison);
    else emit failed(outcome.error);
}

} // namespace colcomb::ui
