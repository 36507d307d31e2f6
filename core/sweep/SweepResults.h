#pragma once
// Results files: one JSON object per line, as Sweep::run gives them (point k of N, the point's
// parameters, its metrics). Shards of one sweep merge into the whole: every point 0..N-1 exactly
// once, all agreeing on N.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

// Throws FileError(name, "line L: problem") for a line that is not a result.
std::vector<nlohmann::json> parseSweepResults(std::string_view text, const std::string& name);
std::vector<nlohmann::json> readSweepResults(const std::string& path);
// Every file's lines, in point order. Throws std::invalid_argument naming the missing points
// (the first few and how many), a duplicated point and the files that hold it, or files of
// sweeps of different sizes.
std::vector<nlohmann::json> mergeSweepResults(const std::vector<std::string>& paths);
// One line per result, in order, written atomically.
void writeSweepResults(const std::string& path, const std::vector<nlohmann::json>& lines);
std::string sweepResultsText(const std::vector<nlohmann::json>& lines);

} // namespace colcomb
