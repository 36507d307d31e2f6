#pragma once
// Content digests that key on-disk caches: 64-bit FNV-1a, as 16 hex digits. Not a defence against
// a crafted collision; a cache that uses them also stores what it keyed, and checks it on reading.
#include <cstdint>
#include <string>
#include <string_view>

namespace colcomb {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 14695981039346656037ull);
std::string hexDigest(std::uint64_t value);
// The digest of a file's bytes, or of every regular file in a folder (names and bytes, in name
// order). Throws FileError when the path cannot be read.
std::string pathDigest(const std::string& path);

} // namespace colcomb
