#pragma once
// The paper's six figures (docs/method.md, "What the paper reports") as bundled sweep specs in
// resources/sweeps: a quick setting that runs on a laptop in minutes (a tenth of the training
// data, a few epochs) and the full setting for a cluster (all the data, the paper's epochs).
// Figure 1 is the matrix before and after packing, drawn from a layer, not from a sweep.
#include "sweep/Figures.h"

#include <optional>
#include <string>
#include <vector>

namespace colcomb {

struct PaperFigure {
    int number = 0;
    std::string title;
    std::optional<FigureKind> kind;  // none: the matrix figure
    std::string quickSpec;           // absolute paths into the bundled resources
    std::string fullSpec;
};

const std::vector<PaperFigure>& paperFigures();

} // namespace colcomb
