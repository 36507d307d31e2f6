#include "io/Csv.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/TextFields.h"

#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

namespace colcomb {

namespace {

} // namespace

FilterMatrix parseCsvMatrix(std::string_view text, const std::string& name)
{
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // spreadsheet BOM
    std::vector<float> values;
    int rows = 0;
    std::size_t cols = 0;
    std::size_t lineNo = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view line = trimmed(text.substr(0, eol));
        text = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
        ++lineNo;
        if (line.empty()) continue;
        std::size_t fields = 0;
        std::string_view rest = line;
        while (true) {
            const std::size_t comma = rest.find(',');
            const std::string_view field = trimmed(rest.substr(0, comma));
            ++fields;
            const std::string where = "line " + std::to_string(lineNo) + ", field " + std::to_string(fields);
            double v = 0.0;
            const char* end = field.data() + field.size();
            const char* begin = field.data() + (field.starts_with('+') ? 1 : 0);
            const auto [ptr, ec] = std::from_chars(begin, end, v);
            if (field.empty()) throw FileError(name, where + ": empty field");
            if (ec == std::errc::result_out_of_range) throw FileError(name, where + ": '" + std::string(field) + "' is out of range");
            if (ec != std::errc() || ptr != end) throw FileError(name, where + ": '" + std::string(field) + "' is not a number");
            if (!std::isfinite(v) || !std::isfinite(static_cast<float>(v)))
                throw FileError(name, where + ": '" + std::string(field) + "' is not a finite number");
            values.push_back(static_cast<float>(v));
            if (comma == std::string_view::npos) break;
            rest = rest.substr(comma + 1);
        }
        if (rows == 0) cols = fields;
        else if (fields != cols)
            throw FileError(name, "line " + std::to_string(lineNo) + " has " + std::to_string(fields) + " fields, the first row has "
                                      + std::to_string(cols));
        ++rows;
    }
    if (rows == 0) throw FileError(name, "file is empty (no numbers)");
    return FilterMatrix(rows, static_cast<int>(cols), values);
}

FilterMatrix readCsvMatrix(const std::string& path) { return parseCsvMatrix(readWholeFile(path), path); }

std::string serializeCsv(const FilterMatrix& m)
{
    std::ostringstream out;
    out.precision(9);  // enough digits for a float to round-trip
    for (int r = 0; r < m.rows(); ++r) {
        for (int c = 0; c < m.cols(); ++c) out << (c ? "," : "") << m(r, c);
        out << '\n';
    }
    return out.str();
}

} // namespace colcomb
