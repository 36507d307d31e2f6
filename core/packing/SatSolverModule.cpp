// The module colcomb_sat: CaDiCaL behind SatSolver.h. CaDiCaL prints nothing unless asked to.
#include "packing/SatSolver.h"

#include <cadical.hpp>

namespace colcomb {

namespace {

class StopCallback final : public CaDiCaL::Terminator {
public:
    explicit StopCallback(const std::function<bool()>& stop) : m_stop(stop) {}
    bool terminate() override { return m_stop && m_stop(); }

private:
    const std::function<bool()>& m_stop;
};

class CadicalSolver final : public SatSolver {
public:
    CadicalSolver() { m_solver.set("quiet", 1); }

    void configure(const std::string& tuning) override
    {
        m_solver.configure(tuning.c_str());
        m_solver.set("quiet", 1);
    }

    void addClause(const std::vector<int>& literals) override
    {
        for (int lit : literals) m_solver.add(lit);
        m_solver.add(0);
    }

    SatAnswer solve(const std::vector<int>& assumptions, const std::function<bool()>& stop) override
    {
        for (int lit : assumptions) m_solver.assume(lit);
        StopCallback callback(stop);
        m_solver.connect_terminator(&callback);
        const int answer = m_solver.solve();
        m_solver.disconnect_terminator();
        return answer == 10 ? SatAnswer::Satisfiable : answer == 20 ? SatAnswer::Unsatisfiable : SatAnswer::Stopped;
    }

    bool value(int v) override { return m_solver.val(v) > 0; }
    std::string name() const override { return std::string("CaDiCaL ") + CaDiCaL::Solver::version(); }

private:
    CaDiCaL::Solver m_solver;
};

} // namespace

} // namespace colcomb

extern "C" colcomb::SatSolver* colcombNewSatSolver() { return new colcomb::CadicalSolver(); }
