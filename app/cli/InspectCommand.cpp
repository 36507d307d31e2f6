#include "Commands.h"

#include "io/MatrixFile.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

Command addInspectCommand(CLI::App& app)
{
    struct Options {
        std::string input;
        bool json = false;
    };
    auto opts = std::make_shared<Options>();
    CLI::App* sub = app.add_subcommand("inspect", "Describe a weight file: shape, sparsity, empty rows and columns");
    sub->add_option("--input,-i", opts->input, "Weights: .npy or .csv")->required();
    sub->add_flag("--json", opts->json, "Print one JSON object on stdout");

    return {sub, [opts] {
        const FilterMatrix m = loadFilterMatrix(opts->input);
        const double cells = static_cast<double>(m.rows()) * m.cols();
        const nlohmann::json j = {
            {"file", opts->input},
            {"rows", m.rows()},
            {"cols", m.cols()},
            {"nnz", m.nnz()},
            {"density", cells > 0 ? static_cast<double>(m.nnz()) / cells : 0.0},
            {"empty_rows", m.emptyRows()},
            {"empty_columns", m.emptyColumns()},
        };
        if (opts->json) {
            std::cout << j.dump() << "\n";
            return;
        }
        std::printf("%s: %d x %d filter matrix, %lld nonzeros (density %.2f%%), %zu empty rows, %zu empty columns\n",
                    opts->input.c_str(), m.rows(), m.cols(), m.nnz(), j["density"].get<double>() * 100.0, m.emptyRows().size(),
                    m.emptyColumns().size());
    }};
}

} // namespace colcomb::cli
