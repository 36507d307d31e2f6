#pragma once
// One entry point for "give me the filter matrix in this file", chosen by extension, so the CLI
// and the studio accept the same files with the same messages.
#include "matrix/FilterMatrix.h"

#include <string>

namespace colcomb {

// .npy (2-D filter matrix, 4-D conv weight flattened to out x in*kh*kw) or .csv.
FilterMatrix loadFilterMatrix(const std::string& path);
// .npy (float32) or .csv, written atomically.
void saveFilterMatrix(const std::string& path, const FilterMatrix& m);

} // namespace colcomb
