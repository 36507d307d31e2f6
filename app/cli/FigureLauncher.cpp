#include "Commands.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>

namespace colcomb::cli {

Command addFigureLauncher(CLI::App& app)
{
    CLI::App* sub = app.add_subcommand("figure", "Draw a trade-off figure from sweep results, or a layer before and after packing, to PDF, SVG "
                                                 "or PNG (colcomb figure --help)");
    sub->prefix_command();   // every argument after `figure` is the figure program's
    sub->set_help_flag();    // its own --help
    return {sub, [sub] {
        namespace fs = std::filesystem;
        std::error_code ec;
        const fs::path program = fs::read_symlink("/proc/self/exe", ec).parent_path() / "colcomb-figure";
        if (ec || !fs::exists(program))
            throw UsageError("needs colcomb-figure beside colcomb: it is built with the studio (COLCOMB_BUILD_UI=ON)");
        std::vector<std::string> rest = sub->remaining();
        std::vector<char*> args{const_cast<char*>(program.c_str())};
        for (std::string& a : rest) args.push_back(a.data());
        args.push_back(nullptr);
        execv(program.c_str(), args.data());
        throw std::runtime_error(program.string() + ": cannot run: " + std::strerror(errno));
    }};
}

} // namespace colcomb::cli
