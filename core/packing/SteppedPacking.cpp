#include "packing/SteppedPacking.h"

#include <algorithm>

namespace colcomb {

SteppedPacking::SteppedPacking(FilterMatrix weights, const PackingParams& params)
    : m_weights(std::move(weights)), m_pattern(m_weights), m_params(params)
{
    packLayer(m_weights, m_params, &m_steps);
    m_lowerBound = groupsLowerBound(m_pattern, m_params.alpha, m_steps.budget);
    ColumnGroups groups = startingGroups(m_steps);
    m_checkpoints.push_back(groups);
    for (std::size_t k = kCheckpointSteps; k <= stepCount(); k += kCheckpointSteps) {
        replaySteps(m_steps, k - kCheckpointSteps, k, groups);
        m_checkpoints.push_back(groups);
    }
}

SteppedFrame SteppedPacking::frame(std::size_t count) const
{
    count = std::min(count, stepCount());
    const std::size_t checkpoint = count / kCheckpointSteps;
    ColumnGroups groups = m_checkpoints[checkpoint];
    replaySteps(m_steps, checkpoint * kCheckpointSteps, count, groups);
    StepView view = viewOfGroups(m_weights, m_steps, count, std::move(groups));

    auto result = std::make_shared<PackingResult>();
    result->params = m_params;
    result->original = m_weights;
    result->pruned = std::move(view.pruned);
    result->packed = std::move(view.packed);
    result->metrics = measurePacking(m_weights, m_pattern, result->packed, m_steps.budget, m_lowerBound, m_params.array);
    return {std::move(result), std::move(view.columns), std::move(view.conflicts), std::move(view.caption)};
}

} // namespace colcomb
