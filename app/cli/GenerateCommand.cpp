#include "Commands.h"

#include "io/MatrixFile.h"
#include "matrix/RandomMatrix.h"

#include <cmath>
#include <iostream>
#include <memory>

namespace colcomb::cli {

Command addGenerateCommand(CLI::App& app)
{
    struct Options {
        int rows = 512;
        int cols = 512;
        double density = 0.125;
        std::uint64_t seed = 1;
        bool demo = false;
        std::string out;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand("generate", "Write a seeded random sparse layer (or the studio's demo layer)");
    sub->add_option("--rows", opts->rows, "Filters")->capture_default_str();
    sub->add_option("--cols", opts->cols, "Input columns")->capture_default_str();
    sub->add_option("--density", opts->density, "Fraction of nonzero weights")->capture_default_str();
    sub->add_option("--seed", opts->seed, "Random seed")->capture_default_str();
    sub->add_flag("--demo", opts->demo, "The studio's 64 x 128 demo layer instead");
    sub->add_option("--out,-o", opts->out, "Output file (.npy or .csv)")->required();

    return {sub, [opts] {
        if (!opts->demo) {
            if (opts->rows < 1 || opts->cols < 1 || static_cast<long long>(opts->rows) * opts->cols > 100'000'000LL)
                throw UsageError("--rows and --cols must be at least 1 and their product at most 1e8");
            if (!std::isfinite(opts->density) || opts->density < 0.0 || opts->density > 1.0)
                throw UsageError("--density must be between 0 and 1");
        }
        const FilterMatrix m = opts->demo ? demoLayer() : randomSparseMatrix(opts->rows, opts->cols, opts->density, opts->seed);
        saveFilterMatrix(opts->out, m);
    }};
}

} // namespace colcomb::cli
