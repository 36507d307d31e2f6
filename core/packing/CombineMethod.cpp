#include "packing/CombineMethod.h"

#include <array>
#include <charconv>
#include <utility>

namespace colcomb {

namespace {
constexpr std::array<std::pair<CombineMethod, std::string_view>, 5> kNames{{
    {CombineMethod::Pairwise, "pairwise"},
    {CombineMethod::Greedy, "greedy"},
    {CombineMethod::None, "none"},
    {CombineMethod::Fixed, "fixed"},
    {CombineMethod::NM, "nm"},
}};

std::optional<int> wholeNumber(std::string_view text)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}
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

std::string nmProblem(int n, int m)
{
    if (m < 2 || m > 64) return "N:M needs M from 2 to 64 (got " + std::to_string(m) + ")";
    if (n < 1 || n >= m) return "N:M needs 1 <= N < M (got " + std::to_string(n) + ":" + std::to_string(m) + ")";
    return {};
}

std::optional<MethodChoice> parseMethodChoice(std::string_view text)
{
    if (text.starts_with("nm:")) {
        const std::string_view numbers = text.substr(3);
        const std::size_t colon = numbers.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        const auto n = wholeNumber(numbers.substr(0, colon));
        const auto m = wholeNumber(numbers.substr(colon + 1));
        if (!n || !m || !nmProblem(*n, *m).empty()) return std::nullopt;
        return MethodChoice{CombineMethod::NM, *n, *m};
    }
    if (const auto method = parseMethod(text)) return MethodChoice{*method, 2, 4};
    return std::nullopt;
}

std::string methodChoiceName(const MethodChoice& choice)
{
    if (choice.method == CombineMethod::NM) return "nm:" + std::to_string(choice.n) + ":" + std::to_string(choice.m);
    return methodName(choice.method);
}

std::string methodChoicesText() { return "pairwise, greedy, none, fixed, nm:N:M (nm:2:4, nm:1:8, ...)"; }

} // namespace colcomb
