// colcomb-figure: `colcomb figure`, in a program of its own. It draws with the studio's charts,
// so it loads Qt; keeping that out of `colcomb` keeps every other command's start-up short.
// `colcomb figure ...` runs this program with the same arguments.
#include "Commands.h"

#include <vector>

int main(int argc, char** argv)
{
    CLI::App app{"colcomb figure: draw a trade-off figure from sweep results, or a layer before and after packing"};
    app.name("colcomb");  // usage and messages read as `colcomb figure`
    app.require_subcommand(1);
    const std::vector<colcomb::cli::Command> commands{colcomb::cli::addFigureCommand(app)};
    // Parsed as `colcomb figure ARGS...`.
    std::vector<char*> args{argv[0], const_cast<char*>("figure")};
    args.insert(args.end(), argv + 1, argv + argc);
    return colcomb::cli::runCommands(app, commands, static_cast<int>(args.size()), args.data());
}
