#include "PackingOptions.h"

namespace colcomb::cli {

void addPackingOptions(CLI::App* sub, PackingOptions& opts)
{
    sub->add_option("--alpha", opts.params.alpha, "Most columns per group (multiplexer width)")->capture_default_str();
    sub->add_option("--gamma", opts.params.gamma, "Conflict budget: at most floor(gamma x rows) conflicts per group")->capture_default_str();
    sub->add_option("--method", opts.method, "Grouping strategy: " + methodChoicesText())->capture_default_str();
    sub->add_option("--n", opts.params.n, "N:M: weights kept per row in each group of M input channels")->capture_default_str();
    sub->add_option("--m", opts.params.m, "N:M: input channels per group (the multiplexer width)")->capture_default_str();
    sub->add_option("--kernel-positions", opts.kernelPositions,
                    "fixed and N:M: kernel positions (kh x kw) of a bare matrix's columns; a model's layers know their own");
    sub->add_option("--section", opts.params.pairwiseSectionColumns,
                    "Pairwise: columns packed at a time, as the authors' code (0 = all at once)")
        ->capture_default_str();
    sub->add_option("--time-limit", opts.timeLimit, "exact: seconds before it returns the best packing found and its bound (default 60)");
    sub->add_option("--time-budget", opts.timeBudget,
                    "search: seconds of work (counted, not timed: the same budget and seed give the same groups anywhere; default 1)");
    sub->add_option("--search-seed", opts.seed, "search: the seed of its random choices (default 1; --seed is the SCALE-Sim weights' seed)");
    sub->add_option("--array", opts.array, "Systolic array size ROWSxCOLS")->capture_default_str();
}

PackingParams resolvePackingOptions(PackingOptions& opts)
{
    const auto array = parseArrayShape(opts.array);
    if (!array) throw UsageError("--array: '" + opts.array + "' is not ROWSxCOLS with both sides whole numbers >= 1");
    opts.params.array = *array;
    const auto choice = parseMethodChoice(opts.method);
    if (!choice) throw UsageError("--method: '" + opts.method + "' is not one of " + methodChoicesText());
    opts.params.method = choice->method;
    // "nm:2:4" spells N and M itself; "nm" takes them from --n and --m.
    if (opts.method != "nm") {
        opts.params.n = choice->n;
        opts.params.m = choice->m;
    }
    opts.params.seconds = choice->seconds;
    opts.params.seed = choice->seed;
    const auto effort = [&](const std::optional<double>& seconds, CombineMethod method, const char* option) {
        if (!seconds) return;
        if (opts.params.method != method) throw UsageError(std::string(option) + " applies to --method " + methodName(method) + " only");
        if (!(*seconds > 0.0)) throw UsageError(std::string(option) + " must be a number of seconds > 0");
        opts.params.seconds = *seconds;
    };
    effort(opts.timeLimit, CombineMethod::Exact, "--time-limit");
    effort(opts.timeBudget, CombineMethod::Search, "--time-budget");
    if (opts.seed) {
        if (opts.params.method != CombineMethod::Search) throw UsageError("--search-seed applies to --method search only");
        opts.params.seed = *opts.seed;
    }
    if (opts.kernelPositions) opts.params.kernelPositions = *opts.kernelPositions;
    if (const std::string problem = validatePackingParams(opts.params); !problem.empty()) throw UsageError(problem);
    return opts.params;
}

} // namespace colcomb::cli
