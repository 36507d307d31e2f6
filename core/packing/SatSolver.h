#pragma once
// A SAT solver for the exact packing (ExactPacking.h): clauses in DIMACS literals (variable v > 0,
// its negation -v), assumptions that hold for one solve, and a stop callback polled during the
// search. The solver is CaDiCaL, linked into a module of our own (base/LoadableModule.h) that the
// build makes when libcadical-dev is installed; COLCOMB_SAT_MODULE names another one. Without it,
// makeSatSolver throws ExactSolverMissing, which says what to install.
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace colcomb {

enum class SatAnswer { Satisfiable, Unsatisfiable, Stopped };

class SatSolver {
public:
    virtual ~SatSolver() = default;
    // Before the first clause: "sat" or "unsat" tunes the solver for finding solutions or for
    // proving there are none (CaDiCaL's configurations).
    virtual void configure(const std::string& tuning) = 0;
    virtual void addClause(const std::vector<int>& literals) = 0;
    // Solves under `assumptions`; `stop` is polled often and ends the search when it says true.
    virtual SatAnswer solve(const std::vector<int>& assumptions, const std::function<bool()>& stop) = 0;
    // After Satisfiable: whether variable v is true.
    virtual bool value(int v) = 0;
    virtual std::string name() const = 0;
};

struct ExactSolverMissing : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::unique_ptr<SatSolver> makeSatSolver();

} // namespace colcomb
