#include "ArrayPlayback.h"

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

ArrayPlayback::ArrayPlayback(QObject* parent) : QObject(parent)
{
    connect(&m_timer, &QTimer::timeout, this, &ArrayPlayback::advance);
    setSpeed(m_speed);
}

void ArrayPlayback::setProgram(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config)
{
    pause();
    m_trace = std::make_unique<LayerTrace>(std::move(layer), std::move(inputs), config);
    emit frameChanged();
}

void ArrayPlayback::stepForward()
{
    if (m_trace && m_trace->next()) emit frameChanged();
}

void ArrayPlayback::stepBack()
{
    if (m_trace && m_trace->cycle() > 0) seek(m_trace->cycle() - 1);
}

void ArrayPlayback::seek(long long cycle)
{
    if (!m_trace) return;
    m_trace->seek(cycle);
    emit frameChanged();
}

void ArrayPlayback::seekToTile(int tile)
{
    if (!m_trace) return;
    m_trace->startOfTile(tile);
    emit frameChanged();
}

void ArrayPlayback::play()
{
    if (!m_trace || isPlaying()) return;
    if (m_trace->atEnd()) m_trace->seek(0);
    m_timer.start();
    emit playingChanged(true);
}

void ArrayPlayback::pause()
{
    if (!isPlaying()) return;
    m_timer.stop();
    emit playingChanged(false);
}

void ArrayPlayback::setSpeed(double cyclesPerSecond)
{
    m_speed = std::clamp(cyclesPerSecond, 0.25, 2000.0);
    // At most 60 frames a second; faster speeds advance several cycles per frame.
    m_timer.setInterval(static_cast<int>(std::max(1000.0 / 60.0, 1000.0 / m_speed)));
}

void ArrayPlayback::advance()
{
    const int steps = std::max(1, static_cast<int>(std::lround(m_speed * m_timer.interval() / 1000.0)));
    for (int k = 0; k < steps && m_trace->next(); ++k) {
    }
    emit frameChanged();
    if (m_trace->atEnd()) pause();
}

} // namespace colcomb::ui
