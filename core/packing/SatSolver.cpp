#include "packing/SatSolver.h"

#include "base/FileError.h"
#include "base/LoadableModule.h"

#include <cstdlib>

namespace colcomb {

std::unique_ptr<SatSolver> makeSatSolver()
{
    const char* chosen = std::getenv("COLCOMB_SAT_MODULE");
    const std::string module = chosen && *chosen ? chosen : COLCOMB_SAT_MODULE;
    try {
        using New = SatSolver* (*)();
        return std::unique_ptr<SatSolver>(reinterpret_cast<New>(moduleEntry(module, "colcombNewSatSolver", module, "exact packing"))());
    } catch (const FileError& e) {
        throw ExactSolverMissing(std::string("exact packing needs the CaDiCaL SAT solver, which this build does not have: install "
                                             "libcadical-dev (scripts/setup.sh does) and build again (") + e.problem() + ")");
    }
}

} // namespace colcomb
