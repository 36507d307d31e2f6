#pragma once
// Every sweep point's metrics on disk, so that a repeated or extended sweep recomputes nothing it
// already has. A point's identity is everything its metrics depend on: the digest of the weights
// (or of the recipe's network, pretrained model and data set), the import options, the layer, the
// recipe and the point's parameters, and the metrics' format version. It is stored as
// <folder>/<digest of the identity>.json beside the metrics, and compared on reading, so a digest
// collision recomputes instead of returning another point's numbers.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace colcomb {

class SweepCache {
public:
    // An empty folder disables the cache. The folder is made when the first point is stored.
    explicit SweepCache(std::string folder = {});

    bool enabled() const { return !m_folder.empty(); }
    const std::string& folder() const { return m_folder; }
    // The stored metrics of this identity, if any. A damaged entry counts as absent.
    std::optional<nlohmann::json> find(const nlohmann::json& identity) const;
    // Atomically. Throws FileError when the folder cannot be written.
    void store(const nlohmann::json& identity, const nlohmann::json& metrics) const;
    // The identity's digest: also the name of a training point's run folder.
    static std::string keyOf(const nlohmann::json& identity);

    // Where the cache lives by default: $XDG_CACHE_HOME/colcomb/sweeps, else ~/.cache/colcomb/sweeps.
    static std::string defaultFolder();

private:
    std::string m_folder;
};

} // namespace colcomb
