#pragma once
// The Trade-offs tab's document: which sweep results the workspace draws and with which figure
// (a TradeoffView, saved in the workspace), the results read from those files, and a sweep being
// run in the background. A run streams each finished point into results() as it comes, shows
// progress, can be cancelled (a training point keeps its checkpoint, and every finished point is
// in the cache, so running the spec again continues where it stopped), and writes its results
// file at the end. Points come from core/sweep (Sweep.h): the same as `colcomb sweep`.
#include "io/Workspace.h"

#include <nlohmann/json.hpp>

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <memory>

namespace colcomb::ui {

class SweepDocument : public QObject {
    Q_OBJECT

public:
    explicit SweepDocument(QObject* parent = nullptr);
    ~SweepDocument() override;

    const TradeoffView& view() const { return m_view; }
    // Reads the listed files not read yet; a file that cannot be read is named in loadErrors().
    void setView(const TradeoffView& view);
    // Every listed file's results in order, then the finished points of a sweep being run.
    const std::vector<nlohmann::json>& results() const { return m_results; }
    const QStringList& loadErrors() const { return m_loadErrors; }

    // Runs a spec file in the background, its results going to `resultsPath` when it completes.
    // The cache is `cacheFolder`, else the spec's "cache", else SweepCache::defaultFolder(). Refused while one runs.
    void run(const QString& specPath, const QString& resultsPath, const QString& cacheFolder = {});
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }
    const QString& runningSpec() const { return m_spec; }
    // Waits for a run in flight (tests, closing).
    void waitForRun();

signals:
    void viewChanged();     // files or figure; results() may have changed with them
    void resultsChanged();  // a running sweep's point joined results()
    void progress(int done, int total, const QString& detail);
    void busyChanged(bool busy);
    // The run completed: its results are in `resultsPath`.
    void runFinished(const QString& resultsPath);
    void runFailed(const QString& message);
    void runCancelled(int done, int total);

private:
    struct Outcome {
        QString error;
        bool cancelled = false;
        int done = 0;
        int total = 0;
    };
    void onRunEnded();
    void rebuildResults();

    TradeoffView m_view;
    std::map<std::string, std::vector<nlohmann::json>> m_files;  // what each listed file holds
    std::vector<nlohmann::json> m_streamed;                     // points of the run in flight
    std::vector<nlohmann::json> m_results;
    QStringList m_loadErrors;
    QString m_spec;
    QString m_resultsPath;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace colcomb::ui
