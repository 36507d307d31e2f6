#pragma once
// A request that cannot be carried out because one of its parameters is wrong: which one (named
// as a workspace file names it: alpha, network, from, ...) and why. The CLI turns the name into
// its option, the studio shows the message beside the form.
#include <stdexcept>
#include <string>

namespace colcomb {

class ParameterError : public std::invalid_argument {
public:
    ParameterError(const std::string& parameter, const std::string& problem) : std::invalid_argument(problem), m_parameter(parameter) {}
    const std::string& parameter() const { return m_parameter; }

private:
    std::string m_parameter;
};

} // namespace colcomb
