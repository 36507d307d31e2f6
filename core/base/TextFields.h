#pragma once
// Line- and comma-separated text as spreadsheets write it (the weight CSV, SCALE-Sim topologies).
#include <string_view>

namespace colcomb {

// Without the spaces, tabs and carriage returns around it.
std::string_view trimmed(std::string_view s);

} // namespace colcomb
