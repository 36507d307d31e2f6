#include "packing/CombineMethod.h"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <utility>

namespace colcomb {

namespace {
constexpr std::array<std::pair<CombineMethod, std::string_view>, 7> kNames{{
    {CombineMethod::Pairwise, "pairwise"},
    {CombineMethod::Greedy, "greedy"},
    {CombineMethod::None, "none"},
    {CombineMethod::Fixed, "fixed"},
    {CombineMethod::NM, "nm"},
    {CombineMethod::Search, "search"},
    {CombineMethod::Exact, "exact"},
}};

std::optional<int> wholeNumber(std::string_view text)
{
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}
std::optional<double> positiveSeconds(std::string_view text)
{
    const std::string copy(text);
    char* end = nullptr;
    const double value = std::strtod(copy.c_str(), &end);
    if (copy.empty() || end != copy.c_str() + copy.size() || !(value > 0.0) || value > 1e7) return std::nullopt;
    return value;
}

std::string secondsText(double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", seconds);
    return text;
}
} // namespace

bool isStructural(CombineMethod method) { return method == CombineMethod::Fixed || method == CombineMethod::NM; }

bool takesTime(CombineMethod method) { return method == CombineMethod::Search || method == CombineMethod::Exact; }

double effortSeconds(CombineMethod method, double seconds)
{
    if (seconds > 0.0) return seconds;
    return method == CombineMethod::Exact ? 60.0 : 1.0;
}

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
    for (const CombineMethod timed : {CombineMethod::Search, CombineMethod::Exact}) {
        const std::string prefix = methodName(timed) + ":";
        if (!text.starts_with(prefix)) continue;
        std::string_view rest = text.substr(prefix.size());
        const std::size_t colon = rest.find(':');
        const auto seconds = positiveSeconds(rest.substr(0, colon));
        if (!seconds) return std::nullopt;
        MethodChoice choice{timed, 2, 4, *seconds, 1};
        if (colon != std::string_view::npos) {
            const auto seed = wholeNumber(rest.substr(colon + 1));
            if (timed != CombineMethod::Search || !seed || *seed < 0) return std::nullopt;
            choice.seed = static_cast<unsigned>(*seed);
        }
        return choice;
    }
    if (const auto method = parseMethod(text)) return MethodChoice{*method, 2, 4, 0.0, 1};
    return std::nullopt;
}

std::string methodChoiceName(const MethodChoice& choice)
{
    if (choice.method == CombineMethod::NM) return "nm:" + std::to_string(choice.n) + ":" + std::to_string(choice.m);
    if (takesTime(choice.method) && (choice.seconds > 0.0 || choice.seed != 1)) {
        std::string name = methodName(choice.method) + ":" + secondsText(effortSeconds(choice.method, choice.seconds));
        if (choice.method == CombineMethod::Search && choice.seed != 1) name += ":" + std::to_string(choice.seed);
        return name;
    }
    return methodName(choice.method);
}

std::string methodChoicesText()
{
    return "pairwise, greedy, none, fixed, nm:N:M (nm:2:4, nm:1:8, ...), search[:SECONDS[:SEED]], exact[:SECONDS]";
}

} // namespace colcomb
