#pragma once
// Another program run to its end: its output and errors go to a log file, not our terminal, and a
// raised cancel flag stops it (SIGTERM, then SIGKILL after a grace period). Sweep points trained by
// an outside command (a user's PyTorch script) run through here.
#include <atomic>
#include <string>
#include <vector>

namespace colcomb {

struct ChildOutcome {
    bool cancelled = false;
    int exitCode = -1;   // the program's exit status; -1 when a signal ended it
    int signal = 0;      // the signal that ended it, else 0
    bool ok() const { return !cancelled && exitCode == 0; }
    std::string describe() const;  // "exit status 3", "killed by signal 9", "cancelled"
};

// Runs argv[0] (searched on PATH) with its arguments in `workingDir` (empty: ours), standard input
// from /dev/null, standard output and error appended to `logPath`. Throws FileError for a log that
// cannot be opened and std::runtime_error for a program that cannot be started.
ChildOutcome runChildProcess(const std::vector<std::string>& argv, const std::string& logPath, const std::string& workingDir = {},
                             const std::atomic<bool>* cancel = nullptr);

// The last `lines` lines of a text file (empty when it cannot be read), for error messages.
std::string fileTail(const std::string& path, int lines = 20);

} // namespace colcomb
