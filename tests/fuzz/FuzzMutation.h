#pragma once
// Mutations shared by the fuzz targets. Structured ones change one thing a format allows (a JSON
// value kept to its type, a number in text); blind ones edit bytes, for the parser's own checks.
#include "matrix/RandomMatrix.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

namespace colcomb::fuzz {

// A number near `v`: off by one, doubled, halved, negated, zero. Nearby rather than arbitrary so
// that sizes stay small enough to run and the checks after the parser see real values.
inline double nearbyNumber(double v, SplitMix64& rng)
{
    switch (rng.below(7)) {
    case 0: return v + 1;
    case 1: return v - 1;
    case 2: return v * 2;
    case 3: return v / 2;
    case 4: return -v;
    case 5: return 0;
    default: return v + rng.uniform() - 0.5;
    }
}

// One to four blind edits: bit flips, byte changes, inserts, deletes, truncation.
inline std::string editBytes(std::string input, SplitMix64& rng)
{
    const int edits = 1 + rng.below(4);
    for (int e = 0; e < edits; ++e) {
        const int n = static_cast<int>(input.size());
        switch (rng.below(5)) {
        case 0: if (n) input[static_cast<std::size_t>(rng.below(n))] ^= static_cast<char>(1 << rng.below(8)); break;
        case 1: if (n) input[static_cast<std::size_t>(rng.below(n))] = static_cast<char>(rng.below(256)); break;
        case 2: input.insert(input.begin() + rng.below(n + 1), static_cast<char>(rng.below(256))); break;
        case 3: if (n) input.erase(input.begin() + rng.below(n)); break;
        default: input.resize(static_cast<std::size_t>(rng.below(n + 1))); break;
        }
    }
    return input;
}

// Changes one value of a JSON document and keeps its type: a number moves nearby (integers stay
// integers), a bool flips, a string becomes another of the document's strings, an array loses or
// repeats an element, an object loses a member.
inline void mutateJsonValue(nlohmann::json& doc, SplitMix64& rng)
{
    std::vector<nlohmann::json*> nodes;
    std::vector<std::string> strings;
    const auto walk = [&](auto&& self, nlohmann::json& j) -> void {
        nodes.push_back(&j);
        if (j.is_string()) strings.push_back(j.get<std::string>());
        if (j.is_structured())
            for (nlohmann::json& child : j) self(self, child);
    };
    walk(walk, doc);
    nlohmann::json& j = *nodes[static_cast<std::size_t>(rng.below(static_cast<int>(nodes.size())))];
    if (j.is_number_integer() || j.is_number_unsigned()) {
        j = static_cast<std::int64_t>(nearbyNumber(static_cast<double>(j.get<std::int64_t>()), rng));
    } else if (j.is_number_float()) {
        j = nearbyNumber(j.get<double>(), rng);
    } else if (j.is_boolean()) {
        j = !j.get<bool>();
    } else if (j.is_string()) {
        j = rng.below(4) == 0 ? std::string() : strings[static_cast<std::size_t>(rng.below(static_cast<int>(strings.size())))];
    } else if (j.is_array() && !j.empty()) {
        const auto at = static_cast<std::size_t>(rng.below(static_cast<int>(j.size())));
        if (rng.below(2) == 0) j.erase(at);
        else j.insert(j.begin() + static_cast<std::ptrdiff_t>(at), j[at]);
    } else if (j.is_object() && !j.empty()) {
        auto it = j.begin();
        std::advance(it, rng.below(static_cast<int>(j.size())));
        j.erase(it);
    } else if (j.is_null()) {
        j = 0;
    }
}

// `text` with one to three of its values changed; `text` itself if it is not JSON.
inline std::string mutateJson(const std::string& text, SplitMix64& rng, int indent = -1)
{
    nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded()) return editBytes(text, rng);
    const int edits = 1 + rng.below(3);
    for (int e = 0; e < edits; ++e) mutateJsonValue(doc, rng);
    return doc.dump(indent);
}

// Text in which one number is replaced by a nearby one (or by a word, now and then).
inline std::string mutateNumberInText(const std::string& text, SplitMix64& rng)
{
    std::vector<std::pair<std::size_t, std::size_t>> numbers;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.' || text[i] == '-' || text[i] == 'e')) ++i;
        if (i > start) numbers.emplace_back(start, i - start);
        else ++i;
    }
    if (numbers.empty()) return editBytes(text, rng);
    const auto [at, length] = numbers[static_cast<std::size_t>(rng.below(static_cast<int>(numbers.size())))];
    double value = std::strtod(text.substr(at, length).c_str(), nullptr);
    std::string replacement = rng.below(16) == 0 ? "x" : std::to_string(static_cast<long long>(nearbyNumber(value, rng)));
    if (rng.below(3) == 0 && replacement != "x") replacement = std::to_string(nearbyNumber(value, rng));
    return text.substr(0, at) + replacement + text.substr(at + length);
}

} // namespace colcomb::fuzz
