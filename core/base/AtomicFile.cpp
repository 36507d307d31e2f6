#include "base/AtomicFile.h"

#include "base/FileError.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace colcomb {

namespace {
std::string systemError() { return std::strerror(errno); }
// Temporary files are named by process and by write, so that two threads writing one target (two
// sweep points that are one cache entry) never share one; the last rename wins, whole.
std::atomic<unsigned long long> g_writes{0};
} // namespace

void writeFileAtomically(const std::string& path, std::string_view bytes)
{
    namespace fs = std::filesystem;
    if (path.empty()) throw FileError(path, "no file name given");
    const fs::path target(path);
    const fs::path temp = target.parent_path() / (target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(g_writes++));
    {
        std::FILE* f = std::fopen(temp.c_str(), "wb");
        if (!f) throw FileError(path, "cannot create file: " + systemError());
        const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
        const bool flushed = std::fflush(f) == 0 && ::fsync(::fileno(f)) == 0;
        const bool closed = std::fclose(f) == 0;
        if (!written || !flushed || !closed) {
            const std::string why = systemError();
            std::error_code ignored;
            fs::remove(temp, ignored);
            throw FileError(path, "cannot write file: " + why);
        }
    }
    std::error_code ec;
    fs::rename(temp, target, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(temp, ignored);
        throw FileError(path, "cannot replace file: " + ec.message());
    }
}

std::string readWholeFile(const std::string& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw FileError(path, "is a directory, not a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError(path, std::string("cannot open file: ") + systemError());
    // Straight into the string: a stream-to-stream copy (`<< rdbuf()`) moved a megabyte a few
    // bytes at a time, a millisecond of every `colcomb pack`.
    // A regular file's size sizes the first read (a small file does not get a megabyte); a
    // stream of unknown length is read a megabyte at a time.
    std::string bytes;
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    const std::size_t chunk = ec ? std::size_t{1} << 20 : static_cast<std::size_t>(size) + 1;
    while (in) {
        const std::size_t have = bytes.size();
        bytes.resize(have + chunk);
        in.read(bytes.data() + have, static_cast<std::streamsize>(chunk));
        bytes.resize(have + static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) throw FileError(path, "read error");
    return bytes;
}

} // namespace colcomb
