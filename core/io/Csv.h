#pragma once
// Plain numeric CSV: one filter per line, one column per field. Numbers only (no header line):
// anything else is an error that names the line and field.
#include "matrix/FilterMatrix.h"

#include <string>
#include <string_view>

namespace colcomb {

FilterMatrix parseCsvMatrix(std::string_view text, const std::string& name);
FilterMatrix readCsvMatrix(const std::string& path);
std::string serializeCsv(const FilterMatrix& m);

} // namespace colcomb
