#include "base/ZipArchive.h"

#include "base/FileError.h"

#include <zip.h>

#include <memory>

namespace colcomb {

namespace {

// A member bigger than this is taken for a forged size rather than allocated.
constexpr zip_uint64_t kMaxMemberBytes = zip_uint64_t{4} << 30;

std::string zipErrorText(zip_error_t* error)
{
    std::string text = zip_error_strerror(error);
    zip_error_fini(error);
    return text;
}

struct ArchiveCloser {
    void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
    void operator()(zip_file_t* f) const { zip_fclose(f); }
};

} // namespace

// The module's entry points, found by name (ZipModule.cpp): C linkage keeps the names plain.
extern "C" std::vector<ZipMember> colcombParseZip(std::string_view bytes, const std::string& name)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (!source) throw FileError(name, "cannot read as a zip archive: " + zipErrorText(&error));
    std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
    if (!archive) {
        zip_source_free(source);
        throw FileError(name, "not a readable zip archive: " + zipErrorText(&error));
    }
    zip_error_fini(&error);
    const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
    std::vector<ZipMember> members;
    for (zip_int64_t i = 0; i < count; ++i) {
        zip_stat_t stat;
        if (zip_stat_index(archive.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0 || !(stat.valid & ZIP_STAT_NAME) || !(stat.valid & ZIP_STAT_SIZE))
            throw FileError(name, "zip entry " + std::to_string(i) + " cannot be read: " + zip_strerror(archive.get()));
        std::string member = stat.name;
        if (stat.size > kMaxMemberBytes) throw FileError(name, "zip member '" + member + "' claims " + std::to_string(stat.size) + " bytes");
        std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive.get(), static_cast<zip_uint64_t>(i), 0));
        if (!file) throw FileError(name, "zip member '" + member + "' cannot be opened: " + zip_strerror(archive.get()));
        std::string data(stat.size, '\0');
        zip_uint64_t done = 0;
        while (done < stat.size) {
            const zip_int64_t got = zip_fread(file.get(), data.data() + done, stat.size - done);
            if (got < 0) throw FileError(name, "zip member '" + member + "' is damaged: " + zip_file_strerror(file.get()));
            if (got == 0) break;
            done += static_cast<zip_uint64_t>(got);
        }
        char extra;
        if (done != stat.size || zip_fread(file.get(), &extra, 1) != 0)
            throw FileError(name, "zip member '" + member + "' does not hold the " + std::to_string(stat.size) + " bytes it declares");
        members.push_back({std::move(member), std::move(data)});
    }
    return members;
}

extern "C" std::string colcombSerializeZip(const std::vector<ZipMember>& members, ZipCompression compression)
{
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) throw std::runtime_error("zip: " + zipErrorText(&error));
    zip_source_keep(buffer);  // the archive's bytes stay in it after zip_close
    std::unique_ptr<zip_source_t, decltype(&zip_source_free)> keep(buffer, &zip_source_free);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) throw std::runtime_error("zip: " + zipErrorText(&error));
    zip_error_fini(&error);
    for (const ZipMember& m : members) {
        zip_source_t* data = zip_source_buffer(archive, m.bytes.data(), m.bytes.size(), 0);
        const zip_int64_t index = data ? zip_file_add(archive, m.name.c_str(), data, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) : -1;
        if (index < 0) {
            if (data) zip_source_free(data);
            const std::string problem = zip_strerror(archive);
            zip_discard(archive);
            throw std::runtime_error("zip: cannot add '" + m.name + "': " + problem);
        }
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), compression == ZipCompression::Store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                 compression == ZipCompression::Fast ? 1 : 0);
    }
    if (zip_close(archive) != 0) {
        const std::string problem = zip_strerror(archive);
        zip_discard(archive);
        throw std::runtime_error("zip: " + problem);
    }
    std::string bytes;
    if (zip_source_open(buffer) != 0) throw std::runtime_error("zip: cannot read the written archive");
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    bytes.resize(static_cast<std::size_t>(size > 0 ? size : 0));
    const zip_int64_t got = bytes.empty() ? 0 : zip_source_read(buffer, bytes.data(), bytes.size());
    zip_source_close(buffer);
    if (got != size) throw std::runtime_error("zip: cannot read the written archive");
    return bytes;
}

} // namespace colcomb
