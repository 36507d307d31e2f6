#pragma once
// The packing options that `pack` and `simulate` share, registered and resolved in one place.
#include "Commands.h"

#include "packing/Packer.h"

#include <optional>

namespace colcomb::cli {

struct PackingOptions {
    std::string method = "pairwise";
    std::string array = "32x32";
    std::optional<int> kernelPositions;
    std::optional<double> timeLimit;   // exact
    std::optional<double> timeBudget;  // search
    std::optional<unsigned> seed;      // search
    PackingParams params;
};

void addPackingOptions(CLI::App* sub, PackingOptions& opts);
// Checks and completes opts.params; throws UsageError naming the bad option.
PackingParams resolvePackingOptions(PackingOptions& opts);

} // namespace colcomb::cli
