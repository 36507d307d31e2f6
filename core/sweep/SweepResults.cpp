#include "sweep/SweepResults.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace colcomb {

std::vector<nlohmann::json> parseSweepResults(std::string_view text, const std::string& name)
{
    std::vector<nlohmann::json> out;
    std::size_t lineNumber = 0;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        const std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        ++lineNumber;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const std::string where = "line " + std::to_string(lineNumber) + ": ";
        nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.is_object()) throw FileError(name, where + "not a JSON object");
        if (!j.contains("point") || !j["point"].is_number_unsigned() || !j.contains("points") || !j["points"].is_number_unsigned()
            || j["point"].get<std::size_t>() >= j["points"].get<std::size_t>())
            throw FileError(name, where + "not a sweep result (\"point\" k of \"points\" N, 0 <= k < N)");
        out.push_back(std::move(j));
    }
    return out;
}

std::vector<nlohmann::json> readSweepResults(const std::string& path) { return parseSweepResults(readWholeFile(path), path); }

std::vector<nlohmann::json> mergeSweepResults(const std::vector<std::string>& paths)
{
    if (paths.empty()) throw std::invalid_argument("no results files to merge");
    std::map<std::size_t, std::pair<nlohmann::json, std::string>> byPoint;
    std::size_t total = 0;
    std::string totalFrom;
    for (const std::string& path : paths) {
        for (nlohmann::json& line : readSweepResults(path)) {
            const std::size_t n = line["points"].get<std::size_t>();
            if (totalFrom.empty()) {
                total = n;
                totalFrom = path;
            } else if (n != total) {
                throw std::invalid_argument(path + " is from a sweep of " + std::to_string(n) + " points, " + totalFrom + " from one of " + std::to_string(total));
            }
            const std::size_t k = line["point"].get<std::size_t>();
            if (const auto seen = byPoint.find(k); seen != byPoint.end())
                throw std::invalid_argument("point " + std::to_string(k) + " is in " + seen->second.second + " and again in " + path);
            byPoint.emplace(k, std::make_pair(std::move(line), path));
        }
    }
    if (byPoint.size() != total) {
        std::string missing;
        int listed = 0;
        for (std::size_t k = 0; k < total && listed < 8; ++k)
            if (!byPoint.count(k)) missing += (listed++ ? ", " : "") + std::to_string(k);
        throw std::invalid_argument(std::to_string(total - byPoint.size()) + " of " + std::to_string(total) + " points are missing (" + missing
                                    + (total - byPoint.size() > 8 ? ", ..." : "") + ")");
    }
    std::vector<nlohmann::json> out;
    for (auto& [k, entry] : byPoint) out.push_back(std::move(entry.first));
    return out;
}

std::string sweepResultsText(const std::vector<nlohmann::json>& lines)
{
    std::string text;
    for (const nlohmann::json& l : lines) text += l.dump() + "\n";
    return text;
}

void writeSweepResults(const std::string& path, const std::vector<nlohmann::json>& lines) { writeFileAtomically(path, sweepResultsText(lines)); }

} // namespace colcomb
