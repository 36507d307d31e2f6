#include "base/ChildProcess.h"

#include "base/FileError.h"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace colcomb {

std::string ChildOutcome::describe() const
{
    if (cancelled) return "cancelled";
    if (signal != 0) return "killed by signal " + std::to_string(signal);
    return "exit status " + std::to_string(exitCode);
}

ChildOutcome runChildProcess(const std::vector<std::string>& argv, const std::string& logPath, const std::string& workingDir, const std::atomic<bool>* cancel)
{
    if (argv.empty() || argv.front().empty()) throw std::invalid_argument("no program to run");
    const int log = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log < 0) throw FileError(logPath, std::string("cannot open the log: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, log, 1);
    posix_spawn_file_actions_adddup2(&actions, log, 2);
    if (!workingDir.empty()) posix_spawn_file_actions_addchdir_np(&actions, workingDir.c_str());
    // Its own process group, so that a cancel reaches whatever the program started in turn.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    const int failed = posix_spawnp(&pid, args.front(), &actions, &attributes, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    ::close(log);
    if (failed != 0) throw std::runtime_error("cannot start '" + argv.front() + "': " + std::strerror(failed));

    ChildOutcome outcome;
    int status = 0;
    auto stopAt = std::chrono::steady_clock::time_point::max();
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid) break;
        if (done < 0 && errno != EINTR) throw std::runtime_error(std::string("waiting for '") + argv.front() + "': " + std::strerror(errno));
        if (cancel && *cancel && !outcome.cancelled) {
            outcome.cancelled = true;
            ::kill(-pid, SIGTERM);
            stopAt = std::chrono::steady_clock::now() + std::chrono::seconds(5);
        }
        if (std::chrono::steady_clock::now() > stopAt) {
            ::kill(-pid, SIGKILL);
            stopAt = std::chrono::steady_clock::time_point::max();
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (WIFEXITED(status)) outcome.exitCode = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
    return outcome;
}

std::string fileTail(const std::string& path, int lines)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t start = text.size();
    int seen = 0;
    // Skip a final newline, then walk back over `lines` line breaks.
    std::size_t end = text.size();
    if (end > 0 && text[end - 1] == '\n') --end;
    start = end;
    while (start > 0) {
        if (text[start - 1] == '\n' && ++seen == lines) break;
        --start;
    }
    return text.substr(start, end - start);
}

} // namespace colcomb
