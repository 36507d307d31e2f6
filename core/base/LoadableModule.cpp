#include "base/LoadableModule.h"

#include "base/FileError.h"

#include <dlfcn.h>

#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

namespace colcomb {

namespace {

struct Loaded {
    void* handle = nullptr;
    std::string problem;  // why it did not load
};

Loaded load(const std::string& buildPath)
{
    const std::string file = std::filesystem::path(buildPath).filename().string();
    std::vector<std::string> candidates;
    std::error_code ec;
    if (const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec); !ec) candidates.push_back((exe.parent_path() / file).string());
    candidates.push_back(buildPath);
    Loaded m;
    for (const std::string& candidate : candidates) {
        if (!std::filesystem::exists(candidate, ec)) continue;
        if ((m.handle = dlopen(candidate.c_str(), RTLD_NOW | RTLD_LOCAL))) return m;
        m.problem = dlerror();
    }
    if (m.problem.empty()) m.problem = file + " is neither beside the program nor at " + buildPath;
    return m;
}

} // namespace

void* moduleEntry(const std::string& buildPath, const char* entry, const std::string& forFile, const std::string& purpose)
{
    static std::mutex mutex;
    static std::map<std::string, Loaded> modules;
    const std::lock_guard lock(mutex);
    auto it = modules.find(buildPath);
    if (it == modules.end()) it = modules.emplace(buildPath, load(buildPath)).first;
    const Loaded& m = it->second;
    if (!m.handle) throw FileError(forFile, purpose + " needs a module that did not load: " + m.problem);
    void* address = dlsym(m.handle, entry);
    if (!address) throw FileError(forFile, purpose + " needs " + entry + ", which " + buildPath + " lacks");
    return address;
}

} // namespace colcomb
