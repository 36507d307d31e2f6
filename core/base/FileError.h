#pragma once
// Every reader and writer reports a bad file the same way: the path, then what is wrong with it,
// so the CLI and the studio can show the message as it is. Both may quote a file's bytes: they are
// made printable (PrintableText.h).
#include "base/PrintableText.h"

#include <stdexcept>
#include <string>

namespace colcomb {

class FileError : public std::runtime_error {
public:
    FileError(const std::string& path, const std::string& problem)
        : std::runtime_error(printableText(path) + ": " + printableText(problem)), m_path(path), m_problem(problem) {}
    const std::string& path() const { return m_path; }
    const std::string& problem() const { return m_problem; }

private:
    std::string m_path;
    std::string m_problem;
};

} // namespace colcomb
