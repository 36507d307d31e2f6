#pragma once
// One entry point for "give me the filter matrix in this file", chosen by extension, so the CLI
// and the studio accept the same files with the same messages.
#include "matrix/FilterMatrix.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace colcomb {

// A weights file as read: the filter matrix and the shape the file stored it in (a conv weight
// [64, 32, 3, 3] is the 64 x 288 matrix the paper packs; users know it by the tensor's shape).
struct WeightsFile {
    FilterMatrix matrix;
    std::vector<std::size_t> tensorShape;  // a CSV's rows and columns
};

// Throws FileError(name, ...) unless the shape can be a weight: 1 to 4 dimensions, none empty.
void checkWeightShape(std::span<const std::size_t> shape, const std::string& name);

// .npy (2-D filter matrix, 4-D conv weight flattened to out x in*kh*kw) or .csv.
WeightsFile readWeightsFile(const std::string& path);
FilterMatrix loadFilterMatrix(const std::string& path);
// .npy (float32) or .csv, written atomically.
void saveFilterMatrix(const std::string& path, const FilterMatrix& m);

} // namespace colcomb
