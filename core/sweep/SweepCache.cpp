#include "sweep/SweepCache.h"

#include "base/AtomicFile.h"
#include "base/Digest.h"

#include <cstdlib>
#include <filesystem>

namespace colcomb {

namespace fs = std::filesystem;

SweepCache::SweepCache(std::string folder) : m_folder(std::move(folder)) {}

std::string SweepCache::keyOf(const nlohmann::json& identity) { return hexDigest(fnv1a64(identity.dump())); }

std::optional<nlohmann::json> SweepCache::find(const nlohmann::json& identity) const
{
    if (!enabled()) return std::nullopt;
    const fs::path file = fs::path(m_folder) / (keyOf(identity) + ".json");
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) return std::nullopt;
    try {
        const nlohmann::json entry = nlohmann::json::parse(readWholeFile(file.string()));
        if (entry.is_object() && entry.value("identity", nlohmann::json()) == identity && entry.contains("metrics") && entry["metrics"].is_object())
            return entry["metrics"];
    } catch (const std::exception&) {
        // A damaged entry (a crash cannot leave one, but a user can): recompute and overwrite it.
    }
    return std::nullopt;
}

void SweepCache::store(const nlohmann::json& identity, const nlohmann::json& metrics) const
{
    if (!enabled()) return;
    std::error_code ec;
    fs::create_directories(m_folder, ec);
    const nlohmann::json entry{{"identity", identity}, {"metrics", metrics}};
    writeFileAtomically((fs::path(m_folder) / (keyOf(identity) + ".json")).string(), entry.dump() + "\n");
}

std::string SweepCache::defaultFolder()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "colcomb" / "sweeps").string();
    if (const char* home = std::getenv("HOME"); home && *home) return (fs::path(home) / ".cache" / "colcomb" / "sweeps").string();
    return (fs::temp_directory_path() / "colcomb-sweeps").string();
}

} // namespace colcomb
