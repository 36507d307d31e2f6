#pragma once
// A training run in the background: the Training tab's Start, Resume and Stop. The workspace owns
// it and adds the run it yields; the Training tab shows its progress and curves. It runs the same
// TrainingSession as `colcomb train`, so a request the CLI refuses is refused here with the same
// words, before anything starts. One run at a time; a stop leaves a checkpoint that Resume
// continues.
#include "training/TrainingSession.h"

#include <QByteArray>
#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace colcomb::ui {

class TrainingJob : public QObject {
    Q_OBJECT

public:
    explicit TrainingJob(QObject* parent = nullptr);
    ~TrainingJob() override;  // stops a run in flight and waits for it

    // Starts a run of `form` (resume: continue the checkpoint in its output folder). Empty when
    // it started, else why not (nothing started).
    QString start(const TrainingForm& form, bool resume);
    // Asks the run to stop after its current batch; ended follows with finished false.
    void stop() { m_cancel = true; }
    bool isRunning() const { return m_watcher.isRunning(); }
    // The model file the current or last run writes.
    const QString& modelPath() const { return m_modelPath; }

signals:
    void started();
    // What the run is doing ("loading the data set"), and each batch's progress.
    void phaseChanged(const QString& text);
    void batchDone(int percent, const QString& text);
    // Each finished epoch's report (its JSON text), the earlier epochs of a resumed run included.
    void epochDone(const QByteArray& reportJson);
    // The run ended and saved its model: evaluated when it finished, settings and history only
    // when stopped.
    void ended(const colcomb::RunRecord& run, bool finished);
    void failed(const QString& error);

private:
    struct Outcome {
        QString error;  // empty: finished or stopped
        bool stopped = false;
        std::shared_ptr<RunRecord> run;
    };
    void onFinished();

    QFutureWatcher<Outcome> m_watcher;
    std::atomic<bool> m_cancel{false};
    QString m_modelPath;
};

} // namespace colcomb::ui
