#pragma once
// Saves never leave a half-written file behind: write a sibling temporary, flush, then rename
// over the target (rename is atomic within one file system).
#include <string>
#include <string_view>

namespace colcomb {

void writeFileAtomically(const std::string& path, std::string_view bytes);
std::string readWholeFile(const std::string& path);

} // namespace colcomb
