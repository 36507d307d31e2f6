#include "sweep/Figures.h"

#include "sweep/Sweep.h"
#include "systolic/CostModel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace colcomb {

namespace {

using nlohmann::json;

const std::vector<std::pair<FigureKind, std::string>> kKindNames{{FigureKind::Gamma, "gamma"},     {FigureKind::Alpha, "alpha"},
                                                                  {FigureKind::Tiles, "tiles"},     {FigureKind::LimitedData, "limited-data"},
                                                                  {FigureKind::Hardware, "hardware"}, {FigureKind::Energy, "energy"},
                                                                  {FigureKind::Pareto, "pareto"}, {FigureKind::Methods, "methods"}};

constexpr const char* kNoAccuracy = "no accuracy: a packing sweep (a training recipe measures it)";

bool hasNumber(const json& r, const std::string& key) { return r.contains(key) && r[key].is_number(); }

// A parameter as a number on an axis: alpha per stage ("1,4,8") by its last stage, alpha per
// layer by its default ("*").
std::optional<double> axisValue(const json& r, const std::string& key)
{
    if (!r.contains(key)) return std::nullopt;
    const json& v = r[key];
    if (v.is_number()) return v.get<double>();
    if (v.is_string()) {
        const std::string s = v.get<std::string>();
        const std::size_t comma = s.rfind(',');
        try {
            return std::stod(s.substr(comma == std::string::npos ? 0 : comma + 1));
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (v.is_object() && v.contains("*") && v["*"].is_number()) return v["*"].get<double>();
    return std::nullopt;
}

std::string shortNumber(double v)
{
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string valueText(const json& v)
{
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number()) return shortNumber(v.get<double>());
    return v.dump();
}

// Layer names as bar labels, without what they all share: a leading word ("layer 0", "layer 4"
// -> "0", "4", the axis being "layer") and a trailing ".weight" ("layer1.0.conv1.weight" ->
// "layer1.0.conv1"). Short labels fit a printed column without rotation.
std::vector<std::string> layerLabels(std::vector<std::string> names)
{
    if (names.size() < 2) return names;
    const auto shared = [&](auto cut) {
        std::string common = cut(names.front());
        for (const std::string& n : names) {
            std::size_t k = 0;
            const std::string c = cut(n);
            while (k < common.size() && k < c.size() && common[k] == c[k]) ++k;
            common.resize(k);
        }
        return common;
    };
    std::string prefix = shared([](const std::string& n) { return n; });
    prefix.resize(prefix.rfind(' ') == std::string::npos ? 0 : prefix.rfind(' ') + 1);
    std::string suffix = shared([](const std::string& n) { return std::string(n.rbegin(), n.rend()); });
    suffix.resize(suffix.rfind('.') == std::string::npos ? 0 : suffix.rfind('.') + 1);
    suffix = std::string(suffix.rbegin(), suffix.rend());
    for (const std::string& n : names)
        if (n.size() <= prefix.size() + suffix.size()) return names;  // a name would be empty
    for (std::string& n : names) n = n.substr(prefix.size(), n.size() - prefix.size() - suffix.size());
    return names;
}

// The label of a result's parameters without the ones in `without`.
std::string labelWithout(const json& r, const std::vector<std::string>& without)
{
    std::string out;
    for (const std::string& axis : sweepAxes()) {
        if (!r.contains(axis) || std::find(without.begin(), without.end(), axis) != without.end()) continue;
        out += (out.empty() ? "" : ", ") + axis + " " + valueText(r[axis]);
    }
    return out;
}

bool anyHas(const std::vector<json>& results, const std::string& key)
{
    return std::any_of(results.begin(), results.end(), [&](const json& r) { return hasNumber(r, key); });
}

std::string withGroup(const std::string& name, const std::string& group) { return group.empty() ? name : name + " (" + group + ")"; }

// Results of several sweeps (files) keep apart: their series say which sweep.
bool severalSweeps(const std::vector<json>& results)
{
    const auto name = [](const json& r) { return r.value("sweep", std::string()); };
    return std::any_of(results.begin(), results.end(), [&](const json& r) { return name(r) != name(results.front()); });
}

std::string seriesGroup(const json& r, const std::vector<std::string>& without, bool bySweep)
{
    const std::string label = labelWithout(r, without);
    if (!bySweep) return label;
    const std::string sweep = r.value("sweep", std::string("unnamed sweep"));
    return label.empty() ? sweep : sweep + ": " + label;
}

void sortByX(FigureSeries& s)
{
    std::sort(s.points.begin(), s.points.end(), [](const FigurePoint& a, const FigurePoint& b) { return a.x < b.x; });
}

// The swept values of x, for ticks at exactly those (few, uneven values such as 1, 2, 4, 8, 16).
std::vector<double> sweptValues(const std::vector<FigureSeries>& series)
{
    std::vector<double> values;
    for (const FigureSeries& s : series)
        for (const FigurePoint& p : s.points) values.push_back(p.x);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    if (values.size() > 12) values.clear();  // too many to label: automatic ticks
    return values;
}

// Accuracy and utilization against one axis, one pair of series per combination of the others.
FigureData lineFigure(FigureKind kind, const std::vector<json>& results, const std::string& xKey, const std::string& xLabel)
{
    FigureData f;
    f.kind = kind;
    f.xLabel = xLabel;
    const bool accuracy = anyHas(results, "accuracy");
    f.yLabel = accuracy ? "accuracy (%)" : "utilization efficiency (%)";
    f.y2Label = accuracy ? "utilization efficiency (%)" : "";
    if (!accuracy) f.missing = kNoAccuracy;
    std::map<std::string, std::pair<FigureSeries, FigureSeries>> groups;  // accuracy, utilization
    std::vector<std::string> order;
    const bool bySweep = severalSweeps(results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const json& r = results[i];
        const std::optional<double> x = axisValue(r, xKey);
        if (!x) continue;
        const std::string group = seriesGroup(r, {xKey}, bySweep);
        auto [it, fresh] = groups.try_emplace(group);
        if (fresh) {
            order.push_back(group);
            // Without accuracy every series is utilization: the group alone names it.
            it->second.first.name = withGroup("accuracy", group);
            it->second.second.name = accuracy || group.empty() ? withGroup("utilization", group) : group;
            it->second.second.rightAxis = accuracy;
        }
        if (hasNumber(r, "accuracy")) it->second.first.points.push_back({*x, r["accuracy"].get<double>() * 100.0, i, {}});
        if (hasNumber(r, "utilization_after")) it->second.second.points.push_back({*x, r["utilization_after"].get<double>() * 100.0, i, {}});
    }
    if (order.empty()) f.missing = "the results have no " + xKey + " axis to draw against";
    std::vector<double> xs;
    for (const auto& [name, pair] : groups)
        for (const FigurePoint& p : pair.second.points) xs.push_back(p.x);
    std::sort(xs.begin(), xs.end());
    if (!order.empty() && std::unique(xs.begin(), xs.end()) - xs.begin() < 2) {
        // One value on x is no trade-off to draw: the sweep varied something else.
        f.missing = "the results hold one " + xKey + " only: choose the figure of what the sweep varied";
        return f;
    }
    for (const std::string& g : order) {
        auto& [acc, util] = groups[g];
        sortByX(acc);
        sortByX(util);
        if (!acc.points.empty()) f.series.push_back(acc);
        if (!util.points.empty()) f.series.push_back(util);
    }
    if (kind == FigureKind::Alpha) {
        // Alpha doubles from one setting to the next: a log axis spaces them evenly.
        f.logX = std::all_of(f.series.begin(), f.series.end(),
                             [](const FigureSeries& s) { return std::all_of(s.points.begin(), s.points.end(), [](const FigurePoint& p) { return p.x > 0; }); });
        f.xTicks = sweptValues(f.series);
    }
    return f;
}

FigureData limitedDataFigure(const std::vector<json>& results)
{
    FigureData f;
    f.kind = FigureKind::LimitedData;
    f.title = "Limited data";
    f.xLabel = "fraction of training data";
    f.yLabel = "accuracy (%)";
    f.logX = true;
    if (!anyHas(results, "accuracy")) {
        f.missing = kNoAccuracy;
        return f;
    }
    std::map<std::string, FigureSeries> series;
    std::vector<std::string> order;
    const bool bySweep = severalSweeps(results);
    for (std::size_t i = 0; i < results.size(); ++i) {
        const json& r = results[i];
        if (!hasNumber(r, "data_fraction") || !hasNumber(r, "accuracy")) continue;
        const std::string start = r.value("start", std::string("scratch")) == "pretrained" ? "pretrained model" : "new model";
        const std::string name = withGroup(start, seriesGroup(r, {"data_fraction", "start"}, bySweep));
        auto [it, fresh] = series.try_emplace(name);
        if (fresh) {
            order.push_back(name);
            it->second.name = name;
        }
        it->second.points.push_back({r["data_fraction"].get<double>(), r["accuracy"].get<double>() * 100.0, i, {}});
    }
    if (order.empty()) f.missing = "the results have no data_fraction axis: sweep data_fraction in a training recipe";
    for (const std::string& n : order) {
        FigureSeries s = series[n];
        sortByX(s);
        f.series.push_back(std::move(s));
    }
    f.xTicks = sweptValues(f.series);
    return f;
}

FigureData tilesFigure(const std::vector<json>& results)
{
    FigureData f;
    f.kind = FigureKind::Tiles;
    f.title = "Tiles per layer";
    f.xLabel = "layer";
    f.yLabel = "tiles";
    f.bars = true;
    std::vector<std::size_t> used;
    for (std::size_t i = 0; i < results.size(); ++i)
        if (results[i].contains("layer_tiles") && results[i]["layer_tiles"].is_array() && !results[i]["layer_tiles"].empty()) used.push_back(i);
    if (used.empty()) {
        f.missing = "the results have no per-layer tiles";
        return f;
    }
    for (const json& l : results[used.front()]["layer_tiles"]) f.categories.push_back(l.value("name", std::string("?")));
    f.categories = layerLabels(std::move(f.categories));
    const auto layerBars = [&](std::size_t result, const char* key, std::string name) {
        FigureSeries s;
        s.name = std::move(name);
        const json& layers = results[result]["layer_tiles"];
        for (std::size_t c = 0; c < f.categories.size() && c < layers.size(); ++c)
            s.points.push_back({static_cast<double>(c), layers[c].value(key, 0.0), result, {}});
        return s;
    };
    std::erase_if(used, [&](std::size_t i) { return results[i]["layer_tiles"].size() != f.categories.size(); });  // another model's
    // Bars stay readable up to a few settings: of many, alpha 8 (the paper's) or else the largest
    // alpha, at up to four gammas from the smallest to the largest.
    constexpr std::size_t kMostSettings = 4;
    if (used.size() > kMostSettings) {
        double alpha = -1.0;
        for (std::size_t i : used)
            if (const auto a = axisValue(results[i], "alpha")) alpha = (alpha == 8.0 || *a == 8.0) ? 8.0 : std::max(alpha, *a);
        if (alpha >= 0) std::erase_if(used, [&](std::size_t i) { return axisValue(results[i], "alpha") != alpha; });
        std::stable_sort(used.begin(), used.end(), [&](std::size_t a, std::size_t b) { return results[a].value("gamma", 0.0) < results[b].value("gamma", 0.0); });
        const std::size_t total = used.size();
        if (total > kMostSettings) {
            // Evenly spaced from the first to the last, in place (k-th pick is never behind k).
            for (std::size_t k = 0; k < kMostSettings; ++k) used[k] = used[k * (total - 1) / (kMostSettings - 1)];
            used.resize(kMostSettings);
        }
        f.missing = "showing " + std::to_string(used.size()) + " of " + std::to_string(total) + " settings" + (alpha >= 0 ? " at alpha " + shortNumber(alpha) : "");
    }
    f.series.push_back(layerBars(used.front(), "tiles_before", "unstructured pruning"));
    for (std::size_t i : used) f.series.push_back(layerBars(i, "tiles_after", "combined, " + labelWithout(results[i], {"alpha"})));
    return f;
}

bool isSetting(const json& r, double alpha, double gamma)
{
    return hasNumber(r, "alpha") && r["alpha"].get<double>() == alpha && hasNumber(r, "gamma") && r["gamma"].get<double>() == gamma;
}

// The paper's three ASIC settings, drawn by the hardware and the energy figures. The short name
// has two lines: at a paper column's width three one-line names run into each other.
struct HardwareSetting {
    const char* name;
    const char* shortName;
    double alpha, gamma;
};
const HardwareSetting kHardwareSettings[] = {{"baseline (alpha 1, gamma 0)", "baseline\n(alpha 1)", 1, 0},
                                             {"column combine (alpha 8, gamma 0)", "column combine\n(alpha 8)", 8, 0},
                                             {"column-combine pruning (alpha 8, gamma 0.5)", "+ pruning\n(gamma 0.5)", 8, 0.5}};

FigureData hardwareFigure(const std::vector<json>& results)
{
    FigureData f;
    f.kind = FigureKind::Hardware;
    f.title = "Hardware, relative to the baseline";
    f.yLabel = "relative to the baseline";
    f.bars = true;
    const bool accuracy = anyHas(results, "accuracy");
    f.categories = {"throughput", "tiles", "energy"};  // energy per sample: the hover and CSV say so
    if (accuracy) f.categories.push_back("accuracy");
    std::vector<std::optional<std::size_t>> found;
    std::string absent;
    for (const HardwareSetting& s : kHardwareSettings) {
        const auto it = std::find_if(results.begin(), results.end(), [&](const json& r) { return isSetting(r, s.alpha, s.gamma); });
        found.push_back(it == results.end() ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(it - results.begin())));
        if (!found.back()) absent += (absent.empty() ? "" : "; ") + std::string(s.name);
    }
    if (!absent.empty()) f.missing = "the results lack " + absent;
    if (!accuracy) f.missing += (f.missing.empty() ? "" : ". ") + std::string(kNoAccuracy);
    if (!found[0]) return f;
    const json& base = results[*found[0]];
    const char* keys[] = {"throughput_after", "tiles_after", "energy_after_uj", "accuracy"};
    for (std::size_t s = 0; s < 3; ++s) {
        if (!found[s]) continue;
        FigureSeries series;
        series.name = kHardwareSettings[s].name;
        const json& r = results[*found[s]];
        for (std::size_t c = 0; c < f.categories.size(); ++c) {
            const double b = base.value(keys[c], 0.0);
            if (b != 0.0 && hasNumber(r, keys[c])) series.points.push_back({static_cast<double>(c), r[keys[c]].get<double>() / b, *found[s], {}});
        }
        f.series.push_back(std::move(series));
    }
    return f;
}

// The hardware figure's three settings, each a bar of its energy per sample stacked by component:
// which part of the chip each setting saves on, in the scenario the results were costed with.
FigureData energyFigure(const std::vector<json>& results)
{
    FigureData f;
    f.kind = FigureKind::Energy;
    f.bars = true;
    f.stacked = true;
    f.title = "Energy per sample by component";
    std::string basis;
    std::vector<std::size_t> found;
    std::string absent;
    for (const HardwareSetting& s : kHardwareSettings) {
        const auto it = std::find_if(results.begin(), results.end(), [&](const json& r) { return isSetting(r, s.alpha, s.gamma) && r.contains("energy_after_breakdown_uj"); });
        if (it == results.end()) {
            absent += (absent.empty() ? "" : "; ") + std::string(s.name);
            continue;
        }
        found.push_back(static_cast<std::size_t>(it - results.begin()));
        f.categories.emplace_back(s.shortName);
        if (basis.empty()) basis = it->value("energy_basis", std::string());
    }
    f.yLabel = "energy per sample (µJ)";
    if (!basis.empty()) {
        f.title += ", ";
        f.title += basis;
    }
    if (!absent.empty()) {
        f.missing = "the results lack an energy breakdown for ";
        f.missing += absent;
    }
    for (const EnergyComponent& c : kEnergyComponents) {
        FigureSeries series;
        series.name = c.label;
        bool any = false;
        for (std::size_t k = 0; k < found.size(); ++k) {
            const double v = results[found[k]]["energy_after_breakdown_uj"].value(c.key, 0.0);
            any |= v > 0.0;
            series.points.push_back({static_cast<double>(k), v, found[k], {}});
        }
        if (any) f.series.push_back(std::move(series));  // a component every setting leaves at 0 adds only a legend entry
    }
    return f;
}

FigureData paretoFigure(const std::vector<json>& results, const FigureOptions& options)
{
    FigureData f;
    f.kind = FigureKind::Pareto;
    std::optional<FigureMetric> x = findFigureMetric(options.x);
    std::optional<FigureMetric> y = findFigureMetric(options.y);
    if (!x) throw std::invalid_argument("unknown metric '" + options.x + "' for the x axis");
    if (!y) throw std::invalid_argument("unknown metric '" + options.y + "' for the y axis");
    for (std::optional<FigureMetric>* m : {&x, &y})
        if (!anyHas(results, (*m)->key)) {
            f.missing += (f.missing.empty() ? "" : "; ") + (*m)->label + " not measured";
            if ((*m)->key == "accuracy") {
                f.missing = "no accuracy (a packing sweep): showing |w| kept instead";
                *m = findFigureMetric("weight_kept");
            }
        }
    f.title = "Pareto view";
    f.xLabel = x->label;
    f.yLabel = y->label;
    FigureSeries all{"all points", false, {}};
    for (std::size_t i = 0; i < results.size(); ++i)
        if (hasNumber(results[i], x->key) && hasNumber(results[i], y->key))
            all.points.push_back({results[i][x->key].get<double>() * x->scale, results[i][y->key].get<double>() * y->scale, i, {}});
    // Better-or-equal on both, better on one: dominated.
    const auto better = [](double a, double b, bool higher) { return higher ? a > b : a < b; };
    const auto atLeast = [](double a, double b, bool higher) { return higher ? a >= b : a <= b; };
    FigureSeries front{"Pareto front", false, {}};
    for (const FigurePoint& p : all.points) {
        const bool dominated = std::any_of(all.points.begin(), all.points.end(), [&](const FigurePoint& q) {
            return atLeast(q.x, p.x, x->higherIsBetter) && atLeast(q.y, p.y, y->higherIsBetter)
                   && (better(q.x, p.x, x->higherIsBetter) || better(q.y, p.y, y->higherIsBetter));
        });
        if (!dominated) front.points.push_back(p);
    }
    std::sort(front.points.begin(), front.points.end(), [](const FigurePoint& a, const FigurePoint& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
    for (const FigurePoint& p : front.points) f.front.push_back(p.result);
    if (all.points.empty() && f.missing.empty()) f.missing = "no result has both " + x->label + " and " + y->label;
    f.series.push_back(std::move(all));
    f.series.push_back(std::move(front));
    return f;
}

// The kind of method a result was packed or trained with, and the point's label within it.
std::pair<std::string, std::string> methodFamily(const json& r)
{
    const std::string method = r.value("method", std::string("pairwise"));
    const auto alpha = axisValue(r, "alpha");
    const std::string a = alpha ? shortNumber(*alpha) : std::string("?");
    if (method.starts_with("nm:")) return {"N:M", method.substr(3)};
    if (method == "fixed") return {"fixed groups", "groups of " + a};
    if (method == "none") return {"unstructured", "1/" + a + " kept"};
    if (method == "dense") return {"dense", "dense"};
    const auto gamma = axisValue(r, "gamma");
    const std::string g = "gamma " + (gamma ? shortNumber(*gamma) : std::string("?"));
    if (method.starts_with("search")) return {"column combining, search", g};
    if (method.starts_with("exact")) return {"column combining, exact", g};
    return {"column combining", g};
}

FigureData methodsFigure(const std::vector<json>& results, const FigureOptions& options)
{
    FigureData f;
    f.kind = FigureKind::Methods;
    std::optional<FigureMetric> x = findFigureMetric(options.x);
    if (!x) throw std::invalid_argument("unknown metric '" + options.x + "' for the x axis");
    std::optional<FigureMetric> y = findFigureMetric("accuracy");
    if (!anyHas(results, "accuracy")) {
        f.missing = "no accuracy (a packing sweep): showing |w| kept instead";
        y = findFigureMetric("weight_kept");
    }
    f.title = "Column combining vs N:M";
    f.xLabel = x->label;
    f.yLabel = y->label;
    static const char* const kFamilies[] = {"column combining", "fixed groups", "N:M", "unstructured", "dense"};
    for (const char* family : kFamilies) {
        FigureSeries series{family, false, {}};
        for (std::size_t i = 0; i < results.size(); ++i) {
            const auto [kind, label] = methodFamily(results[i]);
            if (kind == family && hasNumber(results[i], x->key) && hasNumber(results[i], y->key))
                series.points.push_back({results[i][x->key].get<double>() * x->scale, results[i][y->key].get<double>() * y->scale, i, label});
        }
        sortByX(series);
        if (!series.points.empty()) f.series.push_back(std::move(series));
    }
    if (f.series.empty() && f.missing.empty()) f.missing = "no result has both " + x->label + " and " + y->label;
    return f;
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\n") == std::string::npos) return text;
    std::string out = "\"";
    for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csvValue(const json& v)
{
    if (v.is_string()) return csvField(v.get<std::string>());
    if (v.is_number_float()) {
        std::ostringstream out;
        out.precision(17);
        out << v.get<double>();
        return out.str();
    }
    return csvField(v.dump());
}

} // namespace

std::string figureKindName(FigureKind kind)
{
    for (const auto& [k, name] : kKindNames)
        if (k == kind) return name;
    return "?";
}

std::optional<FigureKind> parseFigureKind(const std::string& name)
{
    for (const auto& [k, n] : kKindNames)
        if (n == name) return k;
    return std::nullopt;
}

std::vector<std::string> figureKindNames()
{
    std::vector<std::string> out;
    for (const auto& entry : kKindNames) out.push_back(entry.second);
    return out;
}

const std::vector<FigureMetric>& figureMetrics()
{
    static const std::vector<FigureMetric> metrics{
        {"utilization_after", "utilization efficiency (%)", true, 100.0},
        {"tiles_after", "tiles", false, 1.0},
        {"energy_after_uj", "energy per sample (µJ)", false, 1.0},
        {"latency_after_us", "latency per sample (µs)", false, 1.0},
        {"throughput_after", "throughput (samples/s)", true, 1.0},
        {"cycles_after", "cycles per sample", false, 1.0},
        {"accuracy", "accuracy (%)", true, 100.0},
        {"weight_kept", "|w| kept (%)", true, 100.0},
    };
    return metrics;
}

std::optional<FigureMetric> findFigureMetric(const std::string& key)
{
    for (const FigureMetric& m : figureMetrics())
        if (m.key == key) return m;
    return std::nullopt;
}

bool FigureData::empty() const
{
    return std::all_of(series.begin(), series.end(), [](const FigureSeries& s) { return s.points.empty(); });
}

FigureData makeFigure(FigureKind kind, const std::vector<json>& results, const FigureOptions& options)
{
    const auto failed = [](const json& r) { return r.contains("failed"); };
    const bool anyFailed = std::any_of(results.begin(), results.end(), failed);
    if (!options.sweep.empty() || anyFailed) {
        // Drawn from the sweep's results alone, without failed points (they have no metrics); its
        // points then index the whole list again.
        std::vector<json> mine;
        std::vector<std::size_t> index;
        std::size_t left = 0;
        for (std::size_t i = 0; i < results.size(); ++i)
            if (options.sweep.empty() || results[i].value("sweep", std::string()) == options.sweep) {
                if (failed(results[i])) {
                    ++left;
                    continue;
                }
                mine.push_back(results[i]);
                index.push_back(i);
            }
        FigureOptions all = options;
        all.sweep.clear();
        FigureData f = makeFigure(kind, mine, all);
        for (FigureSeries& s : f.series)
            for (FigurePoint& p : s.points) p.result = index[p.result];
        for (std::size_t& r : f.front) r = index[r];
        if (left > 0) f.missing += (f.missing.empty() ? "" : "; ") + std::to_string(left) + " failed point" + (left == 1 ? "" : "s") + " left out";
        if (mine.empty() && left == 0) f.missing = "no results of the sweep '" + options.sweep + "'";
        return f;
    }
    switch (kind) {
    case FigureKind::Gamma: {
        FigureData f = lineFigure(kind, results, "gamma", "gamma");
        f.title = "Gamma sweep";
        return f;
    }
    case FigureKind::Alpha: {
        FigureData f = lineFigure(kind, results, "alpha", "alpha (columns per group, at most)");
        f.title = "Alpha sweep";
        return f;
    }
    case FigureKind::Tiles: return tilesFigure(results);
    case FigureKind::LimitedData: return limitedDataFigure(results);
    case FigureKind::Hardware: return hardwareFigure(results);
    case FigureKind::Energy: return energyFigure(results);
    case FigureKind::Pareto: return paretoFigure(results, options);
    case FigureKind::Methods: return methodsFigure(results, options);
    }
    return {};
}

std::string pointLabel(const json& result) { return labelWithout(result, {}); }

std::vector<std::string> sweepNames(const std::vector<json>& results)
{
    std::vector<std::string> names;
    for (const json& r : results)
        if (const std::string n = r.value("sweep", std::string()); std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    return names;
}

std::optional<FigureKind> paperFigureOfSweep(const std::string& sweepName)
{
    // A sweep is named after its spec file, and the bundled ones are "figN-...": fig2-gamma-quick.
    static const FigureKind byNumber[] = {FigureKind::Gamma, FigureKind::Alpha, FigureKind::Tiles, FigureKind::LimitedData, FigureKind::Hardware};
    if (sweepName.size() < 5 || sweepName.compare(0, 3, "fig") != 0 || sweepName[4] != '-') return std::nullopt;
    const char n = sweepName[3];
    if (n < '2' || n > '6') return std::nullopt;
    return byNumber[n - '2'];
}

std::string figureCsv(const FigureData& figure, const std::vector<json>& results)
{
    std::string out = "series," + csvField(figure.bars ? "category" : figure.xLabel) + "," + csvField(figure.yLabel) + ",point,parameters\n";
    for (const FigureSeries& s : figure.series)
        for (const FigurePoint& p : s.points) {
            std::string x = figure.bars && p.x >= 0 && p.x < static_cast<double>(figure.categories.size()) ? figure.categories[static_cast<std::size_t>(p.x)]
                                                                                                        : csvValue(p.x);
            std::replace(x.begin(), x.end(), '\n', ' ');  // a two-line bar name is one line in a table
            out += csvField(s.name) + "," + csvField(x) + "," + csvValue(p.y) + "," + csvValue(results[p.result].value("point", json(p.result))) + ","
                   + csvField(pointLabel(results[p.result])) + "\n";
        }
    return out;
}

json figureJson(const FigureData& figure)
{
    json series = json::array();
    for (const FigureSeries& s : figure.series) {
        json points = json::array();
        for (const FigurePoint& p : s.points) points.push_back({{"x", p.x}, {"y", p.y}, {"result", p.result}});
        series.push_back({{"name", s.name}, {"right_axis", s.rightAxis}, {"points", points}});
    }
    return {{"figure", figureKindName(figure.kind)},
            {"title", figure.title},
            {"x_label", figure.xLabel},
            {"y_label", figure.yLabel},
            {"y2_label", figure.y2Label},
            {"log_x", figure.logX},
            {"categories", figure.categories},
            {"series", series},
            {"front", figure.front},
            {"missing", figure.missing}};
}

std::string sweepResultsCsv(const std::vector<json>& results)
{
    std::vector<std::string> columns{"point", "points"};
    const auto add = [&](const std::string& key) {
        if (std::find(columns.begin(), columns.end(), key) == columns.end()) columns.push_back(key);
    };
    for (const json& r : results)
        for (const std::string& axis : sweepAxes())
            if (r.contains(axis)) add(axis);
    // An object (an energy breakdown) becomes a column per member, "key.member".
    for (const json& r : results)
        for (const auto& [key, value] : r.items()) {
            if (value.is_object()) {
                for (const auto& [member, inner] : value.items())
                    if (!inner.is_structured()) add(key + "." + member);
            } else if (!value.is_array()) {
                add(key);
            }
        }
    const auto cell = [](const json& r, const std::string& column) -> const json* {
        if (r.contains(column)) return &r[column];
        const std::size_t dot = column.find('.');
        if (dot == std::string::npos) return nullptr;
        const std::string key = column.substr(0, dot);
        const std::string member = column.substr(dot + 1);
        if (!r.contains(key) || !r[key].is_object() || !r[key].contains(member)) return nullptr;
        return &r[key][member];
    };
    std::string out;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (c) out += ',';
        out += csvField(columns[c]);
    }
    out += '\n';
    for (const json& r : results) {
        for (std::size_t c = 0; c < columns.size(); ++c) {
            if (c) out += ',';
            if (const json* v = cell(r, columns[c])) out += csvValue(*v);
        }
        out += '\n';
    }
    return out;
}

} // namespace colcomb
