#include "io/CombiningStepsFile.h"

#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/JsonText.h"

#include <nlohmann/json.hpp>

namespace colcomb {

namespace {

using nlohmann::json;

json toJson(const MergeStep& m)
{
    return {{"step", "merge"},        {"section", m.section}, {"group", m.group}, {"partner", m.partner}, {"conflicts", m.conflicts},
            {"budget", m.budget}, {"rows_covered", m.rowsCovered}, {"rows", m.rows}};
}

json toJson(const PlaceStep& p)
{
    json refused = json::array();
    for (const RefusedGroup& r : p.refused)
        refused.push_back({{"group", r.group}, {"reason", r.reason == Refusal::Full ? "full" : "over_budget"}, {"conflicts", r.conflicts}});
    return {{"step", "place"},
            {"column", p.column},
            {"column_nnz", p.columnNnz},
            {"density_rank", p.densityRank},
            {"group", p.group},
            {"opened", p.opened},
            {"conflicts_added", p.conflictsAdded},
            {"group_conflicts", p.groupConflicts},
            {"budget", p.budget},
            {"refused", refused}};
}

json toJson(const RegroupStep& r) { return {{"step", "regroup"}, {"groups", r.groups}, {"why", r.why}}; }

json toJson(const PruneStep& p)
{
    json dropped = json::array();
    for (const DroppedWeight& d : p.dropped)
        dropped.push_back({{"row", d.row}, {"column", d.column}, {"weight", d.weight}, {"kept_column", d.keptColumn}, {"kept_weight", d.keptWeight}});
    return {{"step", "prune"}, {"group", p.group}, {"columns", p.columns}, {"lanes", p.lanes}, {"dropped", dropped}};
}

// Field readers naming the line and the field in their error.
struct Line {
    const json& j;
    const std::string& name;
    std::size_t number;

    [[noreturn]] void fail(const std::string& problem) const { throw FileError(name, "line " + std::to_string(number) + ": " + problem); }
    const json& at(const char* key) const
    {
        if (!j.contains(key)) fail(std::string("missing field '") + key + "'");
        return j[key];
    }
    int integer(const char* key) const
    {
        const json& v = at(key);
        if (!v.is_number_integer() || v.get<long long>() < -1 || v.get<long long>() > (1LL << 30))
            fail(std::string("field '") + key + "' must be a whole number");
        return v.get<int>();
    }
    ColumnGroup columns(const char* key) const
    {
        const json& v = at(key);
        if (!v.is_array()) fail(std::string("field '") + key + "' must be a list of column numbers");
        ColumnGroup out;
        for (const json& c : v) {
            if (!c.is_number_integer() || c.get<long long>() < 0 || c.get<long long>() > (1LL << 30))
                fail(std::string("field '") + key + "' must be a list of column numbers");
            out.push_back(c.get<int>());
        }
        return out;
    }
    // Field 'groups': a list of groups, each a list of column numbers.
    ColumnGroups groups() const
    {
        const json& v = at("groups");
        if (!v.is_array()) fail("field 'groups' must be a list of groups");
        ColumnGroups out;
        for (const json& g : v) {
            const json wrapper{{"group", g}};
            out.push_back(Line{wrapper, name, number}.columns("group"));
        }
        return out;
    }
};

} // namespace

std::string serializeCombiningSteps(const CombiningSteps& steps)
{
    std::string out = json{{"step", "start"},
                           {"method", methodName(steps.method)},
                           {"alpha", steps.alpha},
                           {"conflict_budget", steps.budget},
                           {"rows", steps.rows},
                           {"cols", steps.cols},
                           {"columns", steps.startColumns},
                           {"section_columns", steps.sectionColumns},
                           {"lanes", steps.lanes}}
                          .dump()
                      + "\n";
    for (std::size_t k = 0; k < steps.steps.size(); ++k) {
        json line = std::visit([](const auto& s) { return toJson(s); }, steps.steps[k]);
        line["index"] = k;
        line["text"] = describeStep(steps.steps[k]);
        out += line.dump() + "\n";
    }
    return out + json{{"step", "end"}, {"groups", steps.groups}}.dump() + "\n";
}

void writeCombiningStepsFile(const std::string& path, const CombiningSteps& steps) { writeFileAtomically(path, serializeCombiningSteps(steps)); }

CombiningSteps parseCombiningSteps(std::string_view text, const std::string& name)
{
    CombiningSteps steps;
    bool started = false, ended = false;
    std::size_t number = 0;
    while (!text.empty()) {
        const std::size_t eol = text.find('\n');
        const std::string_view raw = text.substr(0, eol);
        text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
        ++number;
        if (raw.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        const json j = parseJsonText(raw, name + " line " + std::to_string(number));
        const Line line{j, name, number};
        if (!j.is_object() || !j.contains("step") || !j["step"].is_string()) line.fail("expected an object with a \"step\" name");
        const std::string kind = j["step"].get<std::string>();
        if (kind != "start" && !started) line.fail("the first step must be \"start\"");
        if (ended) line.fail("nothing may follow the \"end\" step");
        if (kind == "start") {
            if (started) line.fail("a second \"start\" step");
            started = true;
            const auto method = line.at("method").is_string() ? parseMethod(j["method"].get<std::string>()) : std::nullopt;
            if (!method) {
                std::string names;
                for (const std::string& n : methodNames()) names += (names.empty() ? "" : ", ") + n;
                line.fail("field 'method' must be one of " + names);
            }
            steps.method = *method;
            steps.alpha = line.integer("alpha");
            steps.budget = line.integer("conflict_budget");
            steps.rows = line.integer("rows");
            steps.cols = line.integer("cols");
            steps.startColumns = line.columns("columns");
            steps.sectionColumns = line.integer("section_columns");
            if (j.contains("lanes")) steps.lanes = std::max(1, line.integer("lanes"));
        } else if (kind == "merge") {
            steps.steps.emplace_back(MergeStep{line.integer("section"), line.columns("group"), line.columns("partner"), line.integer("conflicts"),
                                               line.integer("budget"), line.integer("rows_covered"), line.integer("rows")});
            if (std::get<MergeStep>(steps.steps.back()).group.empty() || std::get<MergeStep>(steps.steps.back()).partner.empty())
                line.fail("a merge needs two nonempty groups");
        } else if (kind == "place") {
            PlaceStep p;
            p.column = line.integer("column");
            p.columnNnz = line.integer("column_nnz");
            p.densityRank = line.integer("density_rank");
            p.group = line.integer("group");
            if (!line.at("opened").is_boolean()) line.fail("field 'opened' must be true or false");
            p.opened = j["opened"].get<bool>();
            p.conflictsAdded = line.integer("conflicts_added");
            p.groupConflicts = line.integer("group_conflicts");
            p.budget = line.integer("budget");
            if (!line.at("refused").is_array()) line.fail("field 'refused' must be a list");
            for (const json& r : j["refused"]) {
                const Line sub{r, name, number};
                if (!r.is_object()) line.fail("field 'refused' must be a list of objects");
                const std::string reason = sub.at("reason").is_string() ? r["reason"].get<std::string>() : "";
                if (reason != "full" && reason != "over_budget") line.fail("a refusal's 'reason' must be full or over_budget");
                p.refused.push_back({sub.integer("group"), reason == "full" ? Refusal::Full : Refusal::OverBudget, sub.integer("conflicts")});
            }
            steps.steps.emplace_back(std::move(p));
        } else if (kind == "prune") {
            PruneStep p{line.integer("group"), line.columns("columns"), {}, j.contains("lanes") ? line.integer("lanes") : 1};
            if (!line.at("dropped").is_array()) line.fail("field 'dropped' must be a list");
            for (const json& d : j["dropped"]) {
                const Line sub{d, name, number};
                if (!d.is_object() || !d.contains("weight") || !d["weight"].is_number() || !d.contains("kept_weight") || !d["kept_weight"].is_number())
                    line.fail("a dropped weight needs 'row', 'column', 'weight', 'kept_column' and 'kept_weight'");
                p.dropped.push_back({sub.integer("row"), sub.integer("column"), d["weight"].get<float>(), sub.integer("kept_column"), d["kept_weight"].get<float>()});
            }
            steps.steps.emplace_back(std::move(p));
        } else if (kind == "regroup") {
            RegroupStep r;
            r.groups = line.groups();
            if (!line.at("why").is_string()) line.fail("field 'why' must be text");
            r.why = j["why"].get<std::string>();
            steps.steps.emplace_back(std::move(r));
        } else if (kind == "end") {
            ended = true;
            steps.groups = line.groups();
        } else {
            line.fail("unknown step \"" + kind + "\" (start, merge, place, regroup, prune or end)");
        }
    }
    if (!started) throw FileError(name, "no \"start\" step: not a combining-steps file");
    if (!ended) throw FileError(name, "no \"end\" step: the file is cut short");
    return steps;
}

CombiningSteps readCombiningStepsFile(const std::string& path) { return parseCombiningSteps(readWholeFile(path), path); }

} // namespace colcomb
