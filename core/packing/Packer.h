#pragma once
// The whole packing of one layer: group the columns, prune the conflicts, build the packed layer
// and measure it. This is the one call the CLI, the studio and later the training loop make.
#include "packing/CombineMethod.h"
#include "packing/CombiningSteps.h"
#include "packing/PackedLayer.h"
#include "packing/PackingMetrics.h"
#include "packing/TileGrid.h"

#include <atomic>
#include <string>

namespace colcomb {

struct PackingParams {
    int alpha = 8;
    double gamma = 0.5;
    CombineMethod method = CombineMethod::Pairwise;
    int pairwiseSectionColumns = 256;  // 0: pack all columns at once
    ArrayShape array;
    int n = 2;                // N:M only (method nm): weights kept per row in a group
    int m = 4;                // N:M only: input channels per group (the multiplexer width)
    int kernelPositions = 1;  // fixed and N:M: the layer's kh x kw, which sets how columns group
    double seconds = 0.0;     // search: budget of work; exact: time limit (0: the default, CombineMethod.h)
    unsigned seed = 1;        // search only

    bool operator==(const PackingParams&) const = default;
};

// Empty when the parameters are usable, otherwise a message naming the bad one.
std::string validatePackingParams(const PackingParams& params);

// The multiplexer width a packing's cells have: M for N:M, alpha otherwise.
int groupWidth(const PackingParams& params);
// Array columns per group: N for N:M, otherwise 1.
int lanesPerGroup(const PackingParams& params);
MethodChoice methodChoice(const PackingParams& params);
void setMethodChoice(PackingParams& params, const MethodChoice& choice);


struct PackingResult {
    PackingParams params;
    FilterMatrix original;
    FilterMatrix pruned;
    PackedLayer packed;
    PackingMetrics metrics;
    std::string solverLog;  // exact only: what the solve did (ExactPacking.h)
};

// Throws std::invalid_argument for bad parameters (validatePackingParams). With `steps`, also
// records every combining and pruning decision there (CombiningSteps.h); the result is the same.
// Search and exact check `cancel` as they go and throw PackingCancelled when it is raised; exact
// throws ExactSolverMissing when the build has no SAT solver.
PackingResult packLayer(const FilterMatrix& weights, const PackingParams& params, CombiningSteps* steps = nullptr,
                        const std::atomic<bool>* cancel = nullptr);
// The same for groups chosen elsewhere (a trained model's): prune, pack, measure.
PackingResult packWithGroups(const FilterMatrix& weights, ColumnGroups groups, const PackingParams& params);

} // namespace colcomb
