#pragma once
// A packing to be stepped through (the studio's step-through, one frame per decision): the layer
// packed once with its steps recorded (CombiningSteps.h), and the frame after any number of
// steps as a whole PackingResult that the matrix views draw like any packing, with the step's
// columns and conflict cells to highlight and its caption.
//
// Replaying the group changes from the first step at every seek costs O(steps x groups): seconds
// per seek on a layer with thousands of merges. The groups are kept at a checkpoint every
// kCheckpointSteps steps, so a seek replays at most that many steps from the nearest one before it.
#include "packing/CombiningSteps.h"
#include "packing/GroupLowerBound.h"
#include "packing/Packer.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace colcomb {

struct SteppedFrame {
    std::shared_ptr<const PackingResult> packing;  // the groups so far, the weights pruned so far
    std::vector<int> columns;                      // the last step's columns
    std::vector<std::pair<int, int>> conflicts;    // (row, original column) cells it concerns
    std::string caption;
};

class SteppedPacking {
public:
    static constexpr std::size_t kCheckpointSteps = 64;

    // Packs `weights` under `params` (packLayer), recording every step. Throws
    // std::invalid_argument for bad parameters.
    SteppedPacking(FilterMatrix weights, const PackingParams& params);

    const CombiningSteps& steps() const { return m_steps; }
    std::size_t stepCount() const { return m_steps.steps.size(); }
    const PackingParams& params() const { return m_params; }
    const FilterMatrix& weights() const { return m_weights; }
    // The packing after the first `count` steps (clamped to stepCount()).
    SteppedFrame frame(std::size_t count) const;

private:
    FilterMatrix m_weights;
    SparsityPattern m_pattern;
    PackingParams m_params;
    CombiningSteps m_steps;
    GroupLowerBound m_lowerBound;
    std::vector<ColumnGroups> m_checkpoints;  // the groups after k x kCheckpointSteps steps
};

} // namespace colcomb
