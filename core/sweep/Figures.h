#pragma once
// What each trade-off figure shows, computed from sweep results (SweepResults.h) and nothing else,
// so that the studio's charts, `colcomb figure` and the report draw the same numbers. The figures
// are the paper's (docs/method.md, "What the paper reports"):
//   gamma    accuracy and utilization efficiency against gamma, on twin axes
//   alpha    the same against alpha
//   tiles    tiles per layer: the unpacked sparse layers (what unstructured pruning gives the
//            array) against column combining at each swept gamma
//   limited-data  accuracy against the fraction of training data (log x), from scratch against
//            from a pretrained model
//   hardware throughput, tiles, energy per sample and accuracy of baseline (alpha 1, gamma 0),
//            column combine (alpha 8, gamma 0) and column-combine pruning (alpha 8, gamma 0.5),
//            each normalized to the baseline, as the paper's ASIC table
//   pareto   any two metrics against each other over all points, the non-dominated ones marked
//   methods  accuracy against utilization efficiency (or the metric FigureOptions::x names: tiles,
//            energy) with one series per kind of method: column combining (pairwise, greedy),
//            fixed groups, N:M and unstructured pruning (none), each point labelled ("2:4",
//            "gamma 0.5"), so that methods at matched densities sit side by side
// A series of a line figure is one combination of the axes the figure does not put on x; its
// label names them ("alpha 8, array 32x32"). What the results lack (accuracy in a packing sweep, a
// setting the hardware bars need) is said in `missing`, and the figure shows what it can.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace colcomb {

enum class FigureKind { Gamma, Alpha, Tiles, LimitedData, Hardware, Energy, Pareto, Methods };

std::string figureKindName(FigureKind kind);  // "gamma", "limited-data", ...
std::optional<FigureKind> parseFigureKind(const std::string& name);
std::vector<std::string> figureKindNames();

// The metrics a Pareto view can put on an axis, with their labels and which way is better.
struct FigureMetric {
    std::string key;    // a results key, e.g. "tiles_after"
    std::string label;  // with units, e.g. "energy per sample (uJ)"
    bool higherIsBetter = true;
    double scale = 1.0;  // shown value = stored value x scale (fractions as %)
};
const std::vector<FigureMetric>& figureMetrics();
std::optional<FigureMetric> findFigureMetric(const std::string& key);

struct FigurePoint {
    double x = 0.0;
    double y = 0.0;
    std::size_t result = 0;  // index into the results the figure was made from
    std::string label;       // methods: written beside the point ("2:4"); empty: none
};

struct FigureSeries {
    std::string name;
    bool rightAxis = false;  // twin-axis figures: this series is read on the right axis
    std::vector<FigurePoint> points;  // bar figures: x is the category's index
};

struct FigureData {
    FigureKind kind = FigureKind::Gamma;
    std::string title;
    std::string xLabel;
    std::string yLabel;
    std::string y2Label;  // empty: one y axis
    bool logX = false;
    std::vector<double> xTicks;  // ticks at these values (the swept ones); empty: automatic
    bool bars = false;
    bool stacked = false;  // bar figures: the series stack in one bar per category (parts of a whole)
    std::vector<std::string> categories;  // bar figures: one per group of bars
    std::vector<FigureSeries> series;
    std::vector<std::size_t> front;  // pareto: the results on the front, in x order
    std::string missing;             // what the results lack for this figure; empty: nothing
    bool valueLabels = false;        // bar figures: each bar's value printed above it (a drawing choice)
    bool empty() const;
};

struct FigureOptions {
    std::string x = "utilization_after";  // pareto: the metrics on each axis; methods: x only
    std::string y = "accuracy";
    std::string sweep;  // draw only the results of this sweep (their "sweep" name); empty: all
};

// Throws std::invalid_argument for a Pareto metric that is not in figureMetrics(). Point indices
// are into `results` also when options.sweep draws only some of them.
FigureData makeFigure(FigureKind kind, const std::vector<nlohmann::json>& results, const FigureOptions& options = {});

// The figure's numbers as a table: series, x, y and the result's parameters, one row per point.
std::string figureCsv(const FigureData& figure, const std::vector<nlohmann::json>& results);
nlohmann::json figureJson(const FigureData& figure);
// The results as a table: one row per line, a column per scalar key (parameters, then metrics, in
// the order first seen); per-layer lists are left out.
std::string sweepResultsCsv(const std::vector<nlohmann::json>& results);

// The sweeps the results come from (their "sweep" names, "" for a line without one), in the order
// first seen: several results files in one workspace are several sweeps.
std::vector<std::string> sweepNames(const std::vector<nlohmann::json>& results);
// The paper's figure a sweep reproduces, from its name (the bundled spec fig2-gamma-quick: gamma).
std::optional<FigureKind> paperFigureOfSweep(const std::string& sweepName);

// "alpha 8, gamma 0.5": a result's parameters (the sweep axes it has), for labels and hover text.
std::string pointLabel(const nlohmann::json& result);

} // namespace colcomb
