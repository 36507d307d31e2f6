#pragma once
// The Array tab's results in the background: a packed layer simulated cycle by cycle beside its
// unpacked and dense baselines (simulateWithBaselines). The workspace owns it; the Array tab asks
// for a simulation when the layer or its settings change and shows the answer. A new request
// cancels the one in flight, and only the newest request's answer is reported.
#include "systolic/Comparison.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace colcomb::ui {

class SimulationJob : public QObject {
    Q_OBJECT

public:
    explicit SimulationJob(QObject* parent = nullptr);
    ~SimulationJob() override;  // cancels a simulation in flight and waits for it

    void start(PackedLayer layer, const ArrayConfig& config, int vectors, std::uint64_t seed);
    // Stops the simulation in flight between tiles; neither finished nor failed follows.
    void cancel();
    bool isRunning() const { return m_watcher.isRunning(); }

signals:
    void started();
    void finished(std::shared_ptr<const colcomb::ArrayComparison> comparison);
    void failed(const QString& error);

private:
    struct Outcome {
        std::shared_ptr<const ArrayComparison> comparison;
        QString error;
        bool cancelled = false;
    };
    void onFinished();

    QFutureWatcher<Outcome> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;  // the current request's
};

} // namespace colcomb::ui
