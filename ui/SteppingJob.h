#pragma once
// Recording a packing's steps in the background for the step-through (SteppedPacking): the
// workspace owns it, the step-through panel asks for the shown layer's steps and plays them. A new
// request supersedes the one in flight: only the newest request's steps are reported.
#include "packing/SteppedPacking.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>

namespace colcomb::ui {

class SteppingJob : public QObject {
    Q_OBJECT

public:
    explicit SteppingJob(QObject* parent = nullptr);
    ~SteppingJob() override;  // waits for a recording in flight

    void start(FilterMatrix weights, const PackingParams& params);
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void ready(std::shared_ptr<const colcomb::SteppedPacking> stepped);
    void failed(const QString& error);

private:
    struct Outcome {
        std::shared_ptr<const SteppedPacking> stepped;
        QString error;
    };
    void onFinished();

    QFutureWatcher<Outcome> m_watcher;
};

} // namespace colcomb::ui
