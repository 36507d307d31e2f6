#include "base/PrintableText.h"

#include <cstdio>

namespace colcomb {

namespace {

// Length of the valid UTF-8 sequence starting at text[i] (1 for printable ASCII), 0 if none.
std::size_t utf8Length(std::string_view text, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return (lead >= 0x20 && lead != 0x7f) || lead == '\n' || lead == '\t' ? 1 : 0;
    std::size_t n = 0;
    unsigned least = 0;  // the smallest code point of that length: shorter forms are overlong
    if ((lead & 0xe0) == 0xc0) n = 2, least = 0x80;
    else if ((lead & 0xf0) == 0xe0) n = 3, least = 0x800;
    else if ((lead & 0xf8) == 0xf0) n = 4, least = 0x10000;
    else return 0;
    if (i + n > text.size()) return 0;
    unsigned code = lead & (0x7f >> n);
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) return 0;
        code = (code << 6) | (byte(i + k) & 0x3f);
    }
    if (code < least || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return 0;
    return n;
}

} // namespace

std::string printableText(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (const std::size_t n = utf8Length(text, i)) {
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        char escaped[5];
        std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(text[i]));
        out += escaped;
        ++i;
    }
    return out;
}

} // namespace colcomb
