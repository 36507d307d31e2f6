#include "Progress.h"

#include <csignal>
#include <cstdio>

namespace colcomb::cli {

namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void onInterrupt(int) { g_interrupted = true; }
void (*g_previous)(int) = SIG_DFL;

} // namespace

InterruptRequest::InterruptRequest()
{
    g_interrupted = false;
    g_previous = std::signal(SIGINT, onInterrupt);
}

InterruptRequest::~InterruptRequest() { std::signal(SIGINT, g_previous); }

const std::atomic<bool>* InterruptRequest::flag() const { return &g_interrupted; }

ProgressLine::ProgressLine(std::string label, std::string unit, bool shown)
    : m_label(std::move(label)), m_unit(std::move(unit)), m_shown(shown), m_start(std::chrono::steady_clock::now())
{
}

void ProgressLine::restart()
{
    const std::lock_guard lock(m_mutex);
    m_start = std::chrono::steady_clock::now();
}

void ProgressLine::show(std::size_t done, std::size_t total, const std::string& detail)
{
    if (!m_shown) return;
    constexpr int kWidth = 30;
    const std::lock_guard lock(m_mutex);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    const int filled = total ? static_cast<int>(static_cast<double>(done) / static_cast<double>(total) * kWidth) : kWidth;
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const double left = rate > 0 && total >= done ? static_cast<double>(total - done) / rate : 0.0;
    std::fprintf(stderr, "\r%s %zu/%zu [%.*s%*s] %.1f %s/s %02d:%02d left %s\033[K", m_label.c_str(), done, total, filled,
                 "##############################", kWidth - filled, "", rate, m_unit.c_str(), static_cast<int>(left) / 60,
                 static_cast<int>(left) % 60, detail.c_str());
}

void ProgressLine::finish()
{
    if (m_shown) std::fprintf(stderr, "\n");
}

void ProgressLine::clear()
{
    if (m_shown) std::fprintf(stderr, "\r\033[K");
}

} // namespace colcomb::cli
