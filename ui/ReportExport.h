#pragma once
// File > Export report: one folder holding every figure the workspace can draw (each trade-off
// figure its results fill; with several sweeps, each sweep's own figures, sweepN-<figure>, and a
// Pareto view of all, and the shown layer before and after packing) as PDF, SVG and PNG, the
// numbers behind each (CSV, JSON), the results themselves, and an index.html that lists the model,
// the parameters, the tool's version and a table of key numbers per point.
#include "FigureExport.h"
#include "LayerDocument.h"
#include "io/Workspace.h"

#include <nlohmann/json.hpp>

namespace colcomb::ui {

struct ReportInputs {
    std::vector<nlohmann::json> results;
    TradeoffView view;    // the Pareto view's metrics
    PackingPtr packing;   // the shown layer (null: none)
    QString source;       // its file or name
    QString version;      // the tool's
    PrintSize size;
};

// Empty on success, otherwise a message naming the file and the problem. Writes the files it
// makes (overwriting its own names) and leaves others in the folder alone.
QString exportReport(const QString& folder, const ReportInputs& inputs, QStringList* written = nullptr);

} // namespace colcomb::ui
