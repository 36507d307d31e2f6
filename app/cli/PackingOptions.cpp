#include "PackingOptions.h"

namespace colcomb::cli {

void addPackingOptions(CLI::App* sub, PackingOptions& opts)
{
    sub->add_option("--alpha", opts.params.alpha, "Most columns per group (multiplexer width)")->capture_default_str();
    sub->add_option("--gamma", opts.params.gamma, "Conflict budget: at most floor(gamma x rows) conflicts per group")->capture_default_str();
    sub->add_option("--method", opts.method, "Grouping strategy")->check(CLI::IsMember(methodNames()))->capture_default_str();
    sub->add_option("--section", opts.params.pairwiseSectionColumns,
                    "Pairwise: columns packed at a time, as the authors' code (0 = all at once)")
        ->capture_default_str();
    sub->add_option("--array", opts.array, "Systolic array size ROWSxCOLS")->capture_default_str();
}

PackingParams resolvePackingOptions(PackingOptions& opts)
{
    const auto array = parseArrayShape(opts.array);
    if (!array) throw UsageError("--array: '" + opts.array + "' is not ROWSxCOLS with both sides whole numbers >= 1");
    opts.params.array = *array;
    opts.params.method = *parseMethod(opts.method);
    if (const std::string problem = validatePackingParams(opts.params); !problem.empty()) throw UsageError(problem);
    return opts.params;
}

} // namespace colcomb::cli
