#include "Commands.h"

#include "base/ParameterError.h"

#include <algorithm>
#include <iostream>

namespace colcomb::cli {

int runCommands(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv)
{
    // CLI11 would only say "a subcommand is required"; name the word it did not know.
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        if (std::none_of(commands.begin(), commands.end(), [&](const auto& c) { return c.parser->get_name() == word; })) {
            std::string names;
            for (const auto& c : commands) names += (names.empty() ? "" : ", ") + c.parser->get_name();
            std::cerr << "colcomb: unknown command '" << word << "' (commands: " << names << "; see colcomb --help)\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    for (const auto& [sub, run] : commands) {
        if (!sub->parsed()) continue;
        try {
            run();
            return 0;
        } catch (const UsageError& e) {
            std::cerr << "colcomb " << sub->get_name() << ": " << e.what() << "\n";
            return 2;
        } catch (const ParameterError& e) {
            // The option that sets the parameter: a workspace's "network" is train's --model.
            std::string option = e.parameter() == "network" ? "model" : e.parameter();
            std::replace(option.begin(), option.end(), '_', '-');
            std::cerr << "colcomb " << sub->get_name() << ": --" << option << ": " << e.what() << "\n";
            return 2;
        } catch (const std::exception& e) {
            std::cerr << "colcomb " << sub->get_name() << ": error: " << e.what() << "\n";
            return 1;
        }
    }
    return 1;
}

} // namespace colcomb::cli
