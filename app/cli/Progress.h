#pragma once
// What `train` and `sweep` share on a terminal: Ctrl-C as a request to stop at the next safe point
// (the work keeps its checkpoint or cache and says how to continue), and one rewritten line of
// progress on stderr.
#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace colcomb::cli {

// While one lives, SIGINT raises flag() instead of ending the program; the handler before it comes
// back when it goes. One at a time.
class InterruptRequest {
public:
    InterruptRequest();
    ~InterruptRequest();
    InterruptRequest(const InterruptRequest&) = delete;
    InterruptRequest& operator=(const InterruptRequest&) = delete;
    const std::atomic<bool>* flag() const;
};

// "LABEL done/total [#####     ] RATE UNIT/s mm:ss left DETAIL", the rate and time left over the
// time since restart(). Thread-safe; prints nothing when not shown (output not a terminal, --json).
class ProgressLine {
public:
    ProgressLine(std::string label, std::string unit, bool shown);
    void restart();
    void show(std::size_t done, std::size_t total, const std::string& detail = {});
    // Ends the line, so that what follows starts on its own.
    void finish();
    // Wipes the line, so that what follows takes its place.
    void clear();

private:
    std::string m_label;
    std::string m_unit;
    bool m_shown;
    std::chrono::steady_clock::time_point m_start;
    std::mutex m_mutex;
};

} // namespace colcomb::cli
