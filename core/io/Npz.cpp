#include "io/Npz.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/ZipArchive.h"

namespace colcomb {

std::vector<NpzEntry> parseNpz(std::string_view bytes, const std::string& name)
{
    if (!looksLikeZip(bytes)) throw FileError(name, "not an .npz file (no zip header)");
    std::vector<NpzEntry> entries;
    for (ZipMember& m : parseZip(bytes, name)) {
        if (!m.name.ends_with(".npy")) throw FileError(name, "member '" + m.name + "' is not an .npy array");
        std::string key = m.name.substr(0, m.name.size() - 4);
        NpyArray array = parseNpy(m.bytes, name + ":" + m.name);
        entries.push_back({std::move(key), std::move(array)});
    }
    return entries;
}

std::vector<NpzEntry> readNpz(const std::string& path) { return parseNpz(readWholeFile(path), path); }

std::string serializeNpz(const std::vector<NpzEntry>& entries, ZipCompression compression)
{
    std::vector<ZipMember> members;
    members.reserve(entries.size());
    for (const NpzEntry& e : entries) members.push_back({e.key + ".npy", serializeNpy(e.array)});
    return serializeZip(members, compression);
}

void writeNpz(const std::string& path, const std::vector<NpzEntry>& entries, ZipCompression compression)
{
    writeFileAtomically(path, serializeNpz(entries, compression));
}

} // namespace colcomb
