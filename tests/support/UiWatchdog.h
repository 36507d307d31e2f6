#pragma once
// How long the UI thread goes without serving its event loop: a timer due every few milliseconds
// fires late by however long something blocked the thread. Tests run it while the studio does
// heavy work and assert that no stall passes a limit; the worst stall is named by its phase.
#include <QElapsedTimer>
#include <QMap>
#include <QString>
#include <QTimer>

#include <algorithm>

namespace colcomb::test {

class UiWatchdog {
public:
    static constexpr int kTickMs = 5;

    UiWatchdog()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kTickMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double late = static_cast<double>(now - m_last) / 1e6 - kTickMs;
            if (late > m_worst) {
                m_worst = late;
                m_worstPhase = m_phase;
            }
            m_worstOf[m_phase] = std::max(m_worstOf[m_phase], late);
            m_last = now;
        });
        m_clock.start();
        m_last = m_clock.nsecsElapsed();
        m_timer.start();
    }
    // Names what the studio does from now on, for the report.
    void phase(const QString& name) { m_phase = name; }
    double worstStallMs() const { return m_worst; }
    const QString& worstPhase() const { return m_worstPhase; }
    QString report() const
    {
        QString text = QString("longest UI stall %1 ms, during: %2 (per phase:").arg(m_worst, 0, 'f', 1).arg(m_worstPhase);
        for (auto it = m_worstOf.begin(); it != m_worstOf.end(); ++it) text += QString(" %1 %2 ms;").arg(it.key()).arg(it.value(), 0, 'f', 1);
        return text + ")";
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    double m_worst = 0.0;
    QString m_phase = "start";
    QString m_worstPhase;
    QMap<QString, double> m_worstOf;
};

} // namespace colcomb::test
