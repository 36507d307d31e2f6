#include "report/PackingJson.h"

namespace colcomb {

namespace {

template <typename Matrix>
nlohmann::json matrixToJson(const Matrix& m)
{
    nlohmann::json rows = nlohmann::json::array();
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
        nlohmann::json row = nlohmann::json::array();
        for (Eigen::Index c = 0; c < m.cols(); ++c) row.push_back(m(r, c));
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace

nlohmann::json packingToJson(const PackingResult& result)
{
    const PackingMetrics& m = result.metrics;
    const SparsityPattern pattern(result.original);
    nlohmann::json conflicts = nlohmann::json::array();
    for (const ColumnGroup& g : result.packed.groups()) conflicts.push_back(groupConflicts(pattern, g));

    return {
        {"format", "colcomb.packed-layer"},
        {"version", kPackedLayerFormatVersion},
        {"rows", m.rows},
        {"cols", m.cols},
        {"alpha", result.params.alpha},
        {"gamma", result.params.gamma},
        {"method", methodName(result.params.method)},
        {"pairwise_section_columns", result.params.pairwiseSectionColumns},
        {"array", {result.params.array.rows, result.params.array.cols}},
        {"conflict_budget", m.conflictBudget},
        {"groups", result.packed.groups()},
        {"group_count", m.groups},
        {"group_conflicts", conflicts},
        {"empty_columns", result.original.emptyColumns()},
        {"empty_rows", result.original.emptyRows()},
        {"nnz_before", m.nnzBefore},
        {"nnz_after", m.nnzAfter},
        {"pruned", m.pruned},
        {"weight_kept_fraction", m.weightKeptFraction},
        {"utilization_before", m.utilizationBefore},
        {"utilization_after", m.utilizationAfter},
        {"tiles_before", m.tilesBefore},
        {"tiles_after", m.tilesAfter},
        {"groups_lower_bound", m.groupsLowerBound.value()},
        {"groups_lower_bound_parts",
         {{"capacity", m.groupsLowerBound.capacity}, {"rows", m.groupsLowerBound.rows}, {"clique", m.groupsLowerBound.clique}}},
        {"packed_weights", matrixToJson(result.packed.weights())},
        {"select", matrixToJson(result.packed.select())},
    };
}

} // namespace colcomb
