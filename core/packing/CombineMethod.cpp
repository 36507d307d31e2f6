#include "packing/CombineMethod.h"

#include <array>
#include <utility>

namespace colcomb {

namespace {
constexpr std::array<std::pair<CombineMethod, std::string_view>, 3> kNames{{
    {CombineMethod::Pairwise, "pairwise"},
    {CombineMethod::Greedy, "greedy"},
    {CombineMethod::None, "none"},
}};
} // namespace

std::string methodName(CombineMethod m)
{
    for (const auto& [method, name] : kNames)
        if (method == m) return std::string(name);
    return "?";
}

std::optional<CombineMethod> parseMethod(std::string_view text)
{
    for (const auto& [method, name] : kNames)
        if (name == text) return method;
    return std::nullopt;
}

std::vector<std::string> methodNames()
{
    std::vector<std::string> out;
    for (const auto& entry : kNames) out.emplace_back(entry.second);
    return out;
}

} // namespace colcomb
