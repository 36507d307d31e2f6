#include "base/Digest.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

namespace colcomb {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash)
{
    for (unsigned char c : bytes) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::string hexDigest(std::uint64_t value)
{
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
    return text;
}

std::string pathDigest(const std::string& path)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return hexDigest(fnv1a64(readWholeFile(path)));
    std::vector<fs::path> files;
    for (const fs::directory_entry& e : fs::directory_iterator(path, ec))
        if (e.is_regular_file()) files.push_back(e.path());
    if (ec) throw FileError(path, "cannot be listed: " + ec.message());
    std::sort(files.begin(), files.end());
    std::uint64_t hash = fnv1a64({});
    for (const fs::path& f : files) {
        hash = fnv1a64(f.filename().string() + '\0', hash);
        hash = fnv1a64(readWholeFile(f.string()), hash);
    }
    return hexDigest(hash);
}

} // namespace colcomb
