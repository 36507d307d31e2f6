#include "io/ScaleSimTopology.h"

#include "base/FileError.h"
#include "base/TextFields.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace colcomb {

namespace {

std::vector<std::string_view> fields(std::string_view line)
{
    std::vector<std::string_view> out;
    while (true) {
        const std::size_t comma = line.find(',');
        out.push_back(trimmed(line.substr(0, comma)));
        if (comma == std::string_view::npos) break;
        line.remove_prefix(comma + 1);
    }
    if (out.size() > 1 && out.back().empty()) out.pop_back();  // the usual trailing comma
    return out;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

constexpr const char* kColumns[] = {"layer name", "IFMAP height", "IFMAP width", "filter height", "filter width", "channels", "num filter", "strides"};

} // namespace

long long TopologyLayer::outputPositions() const
{
    return static_cast<long long>((ifmapHeight - filterHeight) / stride + 1) * ((ifmapWidth - filterWidth) / stride + 1);
}

bool looksLikeScaleSimTopology(std::string_view text)
{
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, eol));
        if (!line.empty()) return lower(line).find("ifmap height") != std::string::npos;
        if (eol == std::string_view::npos) break;
        text.remove_prefix(eol + 1);
    }
    return false;
}

std::vector<TopologyLayer> parseScaleSimTopology(std::string_view text, const std::string& name)
{
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    std::vector<TopologyLayer> layers;
    bool header = false;
    for (std::size_t lineNo = 1; !text.empty(); ++lineNo) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, eol));
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        if (line.empty()) continue;
        const std::vector<std::string_view> f = fields(line);
        const std::string where = "line " + std::to_string(lineNo);
        if (!header) {
            if (lower(line).find("ifmap height") == std::string::npos)
                throw FileError(name, where + ": expected the SCALE-Sim header (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides)");
            header = true;
            continue;
        }
        if (f.size() != 8)
            throw FileError(name, where + ": " + std::to_string(f.size()) + " fields, expected 8 (" + "layer name and 7 whole numbers)");
        TopologyLayer l;
        l.name = std::string(f[0]);
        if (l.name.empty()) throw FileError(name, where + ": the layer name is empty");
        int* targets[] = {&l.ifmapHeight, &l.ifmapWidth, &l.filterHeight, &l.filterWidth, &l.channels, &l.filters, &l.stride};
        for (int k = 0; k < 7; ++k) {
            const std::string_view field = f[static_cast<std::size_t>(k + 1)];
            int v = 0;
            const auto [ptr, ec] = std::from_chars(field.data(), field.data() + field.size(), v);
            if (ec != std::errc() || ptr != field.data() + field.size() || v < 1 || v > (1 << 20))
                throw FileError(name, where + ", " + kColumns[k + 1] + ": '" + std::string(field) + "' is not a whole number from 1 to 1048576");
            *targets[k] = v;
        }
        if (l.filterHeight > l.ifmapHeight || l.filterWidth > l.ifmapWidth)
            throw FileError(name, where + ": the " + std::to_string(l.filterHeight) + " x " + std::to_string(l.filterWidth) + " filter is larger than the "
                                      + std::to_string(l.ifmapHeight) + " x " + std::to_string(l.ifmapWidth) + " IFMAP");
        if (static_cast<long long>(l.filters) * l.channels * l.filterHeight * l.filterWidth > (1LL << 28))
            throw FileError(name, where + ": layer '" + l.name + "' has over 2^28 weights");
        layers.push_back(std::move(l));
    }
    if (!header) throw FileError(name, "is empty (expected a SCALE-Sim topology)");
    if (layers.empty()) throw FileError(name, "has a header but no layers");
    return layers;
}

} // namespace colcomb
