// colcomb: the command line over colcomb_core. Parse, call the core, print.
#include "Commands.h"

#include "base/Allocation.h"

int main(int argc, char** argv)
{
    colcomb::retainFreedMemory();  // train and evaluate allocate large tensors per batch
    CLI::App app{"colcomb: column combining for sparse CNN layers on systolic arrays"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "colcomb " COLCOMB_VERSION);
    const std::vector<colcomb::cli::Command> commands{
        colcomb::cli::addPackCommand(app),
        colcomb::cli::addInspectCommand(app),
        colcomb::cli::addGenerateCommand(app),
        colcomb::cli::addSimulateCommand(app),
        colcomb::cli::addTrainCommand(app),
        colcomb::cli::addEvaluateCommand(app),
        colcomb::cli::addMasksCommand(app),
        colcomb::cli::addSweepCommand(app),
        colcomb::cli::addFigureLauncher(app),
    };
    return colcomb::cli::runCommands(app, commands, argc, argv);
}
