#pragma once
// Each `colcomb` subcommand registers its options on the app and returns the function that runs
// it once parsing succeeded. Runners throw on bad input; main turns that into a message and a
// non-zero exit code.
#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace colcomb::cli {

struct Command {
    CLI::App* parser;
    std::function<void()> run;
};

Command addPackCommand(CLI::App& app);
Command addInspectCommand(CLI::App& app);
Command addGenerateCommand(CLI::App& app);
Command addSimulateCommand(CLI::App& app);
Command addTrainCommand(CLI::App& app);
Command addEvaluateCommand(CLI::App& app);
Command addMasksCommand(CLI::App& app);
Command addSweepCommand(CLI::App& app);
// `colcomb figure` runs the colcomb-figure program beside it (figure_main.cpp), which registers
// the command itself (addFigureCommand): only that program loads Qt.
Command addFigureLauncher(CLI::App& app);
Command addFigureCommand(CLI::App& app);

// Parses, runs the chosen command, and turns its errors into a message and an exit code: 2 for
// a bad option or parameter, 1 for anything else.
int runCommands(CLI::App& app, const std::vector<Command>& commands, int argc, char** argv);

// Thrown for a bad option value that CLI11 cannot check by itself.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace colcomb::cli
