#pragma once
// Evaluating a saved model file in the background (accuracy in float and at 8 bits, and each
// layer's packing): the Compare tab's "Add model file". The workspace owns it and adds the run it
// yields; the Compare tab only shows its state. One evaluation at a time.
#include "training/RunRecord.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace colcomb::ui {

class EvaluationJob : public QObject {
    Q_OBJECT

public:
    explicit EvaluationJob(QObject* parent = nullptr);
    ~EvaluationJob() override;  // stops one in flight and waits for it

    // False, and nothing started, while another evaluation runs.
    bool start(const QString& modelFile, const std::string& dataset, const std::string& dataDir);
    // Stops the evaluation in flight and drops its result: neither evaluated nor failed follows.
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void started(const QString& modelFile, const QString& dataset);
    void evaluated(const colcomb::RunRecord& run);
    void failed(const QString& modelFile, const QString& error);
    // After evaluated or failed, and after a cancelled evaluation has stopped.
    void ended();

private:
    struct Outcome {
        std::shared_ptr<RunRecord> run;
        QString error;
    };
    void onFinished();

    QFutureWatcher<Outcome> m_watcher;
    QString m_file;
    bool m_dropped = false;
    std::atomic<bool> m_cancel{false};
};

} // namespace colcomb::ui
