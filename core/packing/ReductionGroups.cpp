#include "packing/ReductionGroups.h"

#include <algorithm>
#include <stdexcept>

namespace colcomb {

std::string reductionGroupsProblem(int columns, int size, int positions)
{
    if (size < 1) return "the group size must be at least 1 (got " + std::to_string(size) + ")";
    if (positions < 1) return "the kernel positions must be at least 1 (got " + std::to_string(positions) + ")";
    if (columns % positions != 0)
        return "the layer's " + std::to_string(columns) + " columns are not whole channels of " + std::to_string(positions) + " kernel positions";
    return {};
}

ColumnGroups reductionGroups(const SparsityPattern& pattern, int size, int positions)
{
    if (const std::string problem = reductionGroupsProblem(pattern.cols(), size, positions); !problem.empty()) throw std::invalid_argument(problem);
    const int channels = pattern.cols() / positions;
    ColumnGroups groups;
    for (int first = 0; first < channels; first += size)
        for (int p = 0; p < positions; ++p) {
            ColumnGroup group;
            bool nonzero = false;
            for (int c = first; c < std::min(first + size, channels); ++c) {
                const int column = c * positions + p;
                group.push_back(column);
                nonzero = nonzero || pattern.columnNnz(column) > 0;
            }
            if (nonzero) groups.push_back(std::move(group));
        }
    return groups;
}

int paddedGroups(int columns, int size, int positions)
{
    if (!reductionGroupsProblem(columns, size, positions).empty()) return 0;
    return (columns / positions) % size != 0 ? positions : 0;
}

} // namespace colcomb
