#pragma once
// Plays a layer's trace through the simulated array in real time: play/pause at a chosen speed,
// single steps both ways, jumps. The stepping itself is core's LayerTrace.
#include "systolic/LayerTrace.h"

#include <QObject>
#include <QTimer>

#include <memory>

namespace colcomb::ui {

class ArrayPlayback : public QObject {
    Q_OBJECT

public:
    explicit ArrayPlayback(QObject* parent = nullptr);

    // Starts over at cycle 0. Throws std::invalid_argument for a bad config.
    void setProgram(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config);
    bool hasProgram() const { return m_trace != nullptr; }
    const LayerTrace& trace() const { return *m_trace; }

    void stepForward();
    void stepBack();
    void seek(long long cycle);
    void seekToTile(int tile);
    void play();
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    void setSpeed(double cyclesPerSecond);
    double speed() const { return m_speed; }

signals:
    void frameChanged();
    void playingChanged(bool playing);

private:
    void advance();

    std::unique_ptr<LayerTrace> m_trace;
    double m_speed = 4.0;
    QTimer m_timer;
};

} // namespace colcomb::ui
