#include "base/ZipArchive.h"

#include "base/AtomicFile.h"
#include "base/LoadableModule.h"

namespace colcomb {

bool looksLikeZip(std::string_view bytes) { return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06"); }

std::vector<ZipMember> parseZip(std::string_view bytes, const std::string& name)
{
    using Parse = std::vector<ZipMember> (*)(std::string_view, const std::string&);
    return reinterpret_cast<Parse>(moduleEntry(COLCOMB_ZIP_MODULE, "colcombParseZip", name, "reading a zip archive"))(bytes, name);
}

std::vector<ZipMember> readZip(const std::string& path) { return parseZip(readWholeFile(path), path); }

std::string serializeZip(const std::vector<ZipMember>& members, ZipCompression compression)
{
    using Serialize = std::string (*)(const std::vector<ZipMember>&, ZipCompression);
    return reinterpret_cast<Serialize>(moduleEntry(COLCOMB_ZIP_MODULE, "colcombSerializeZip", "zip", "writing a zip archive"))(members, compression);
}

} // namespace colcomb
