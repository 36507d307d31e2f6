#pragma once
// What a file's name says about it: readers choose a format by extension, case-insensitively.
#include <string>

namespace colcomb {

// ".npy" for "Conv.NPY"; empty when there is none.
std::string lowerExtension(const std::string& path);

} // namespace colcomb
