#include "SweepDocument.h"

#include "sweep/Sweep.h"
#include "sweep/SweepResults.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace colcomb::ui {

SweepDocument::SweepDocument(QObject* parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &SweepDocument::onRunEnded);
}

SweepDocument::~SweepDocument()
{
    cancel();
    m_watcher.waitForFinished();
}

void SweepDocument::setView(const TradeoffView& view)
{
    m_view = view;
    std::map<std::string, std::vector<nlohmann::json>> files;
    m_loadErrors.clear();
    for (const std::string& path : m_view.results) {
        if (const auto known = m_files.find(path); known != m_files.end()) {
            files[path] = known->second;
            continue;
        }
        try {
            files[path] = readSweepResults(path);
        } catch (const std::exception& e) {
            m_loadErrors << QString::fromStdString(e.what());
        }
    }
    m_files = std::move(files);
    rebuildResults();
    emit viewChanged();  // the results with it: views redraw once
}

void SweepDocument::rebuildResults()
{
    m_results.clear();
    for (const std::string& path : m_view.results) {
        if (!m_streamed.empty() && path == m_resultsPath.toStdString()) continue;  // being run again: its new points stand for it
        if (const auto f = m_files.find(path); f != m_files.end()) m_results.insert(m_results.end(), f->second.begin(), f->second.end());
    }
    m_results.insert(m_results.end(), m_streamed.begin(), m_streamed.end());
}

void SweepDocument::run(const QString& specPath, const QString& resultsPath, const QString& cacheFolder)
{
    if (isRunning()) return;
    m_spec = specPath;
    m_resultsPath = resultsPath;
    m_streamed.clear();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const auto cancel = m_cancel;
    QPointer<SweepDocument> self(this);
    emit busyChanged(true);
    emit progress(0, 0, "reading " + specPath);
    m_watcher.setFuture(QtConcurrent::run([spec = specPath.toStdString(), out = resultsPath.toStdString(), chosen = cacheFolder.toStdString(), cancel,
                                           self]() -> Outcome {
        Outcome outcome;
        const auto post = [self](auto f) { QMetaObject::invokeMethod(self.data(), [self, f] { if (self) f(*self); }, Qt::QueuedConnection); };
        try {
            SweepSpec read = readSweepSpec(spec);
            const std::string cache = sweepCacheFolder(read, chosen);
            const Sweep sweep(std::move(read), SweepCache(cache));
            std::vector<std::size_t> all(sweep.points().size());
            for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
            outcome.total = static_cast<int>(all.size());
            const int total = outcome.total;
            auto done = std::make_shared<std::atomic<int>>(0);
            SweepRunCallbacks callbacks;
            callbacks.finished = [&, done, total](std::size_t, const nlohmann::json& line, bool) {
                const int n = ++*done;
                post([line, n, total](SweepDocument& d) {
                    d.m_streamed.push_back(line);
                    d.rebuildResults();
                    emit d.resultsChanged();
                    emit d.progress(n, total, QString("%1 of %2 points").arg(n).arg(total));
                });
            };
            callbacks.detail = [&, done, total](std::size_t point, const std::string& detail) {
                const int n = *done;
                post([n, total, text = QString("point %1: %2").arg(point).arg(QString::fromStdString(detail))](SweepDocument& d) {
                    emit d.progress(n, total, text);
                });
            };
            post([total](SweepDocument& d) { emit d.progress(0, total, QString("0 of %1 points").arg(total)); });
            const std::vector<nlohmann::json> lines = runSweepPoints(sweep, all, callbacks, cancel.get());
            writeSweepResults(out, lines);
            outcome.done = total;
        } catch (const SweepCancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& e) {
            outcome.error = QString::fromStdString(e.what());
        }
        return outcome;
    }));
}

void SweepDocument::cancel()
{
    if (m_cancel) *m_cancel = true;
}

void SweepDocument::waitForRun() { m_watcher.waitForFinished(); }

void SweepDocument::onRunEnded()
{
    const Outcome outcome = m_watcher.result();
    emit busyChanged(false);
    if (outcome.cancelled) {
        emit runCancelled(static_cast<int>(m_streamed.size()), outcome.total);  // the points so far stay in view
    } else if (!outcome.error.isEmpty()) {
        emit runFailed(outcome.error);
    } else {
        // The file replaces the streamed points: read afresh even if it was listed already.
        m_files.erase(m_resultsPath.toStdString());
        m_streamed.clear();
        emit runFinished(m_resultsPath);
        setView(m_view);
    }
}

} // namespace colcomb::ui
