#pragma once
// Figures written to files without a window: the trade-off charts (TradeoffChart) and the
// matrix before/after figure (two MatrixPlots with the tile grid and a caption), at a printed
// size, and the numbers behind a chart. `colcomb figure`, the Trade-offs tab and the report
// export all write through here. Every function returns an empty string on success, otherwise a
// message naming the file and the problem.
#include "FigureExport.h"
#include "LayerDocument.h"
#include "sweep/Figures.h"

namespace colcomb::ui {

// The parameters a matrix figure was made with, for its caption.
QString parametersText(const PackingParams& p, bool trainedGroups = false);

// `layoutProblems`, when given, receives what would read badly at that size (printLayoutProblems):
// the file is written all the same, and the caller says so.
QString writeTradeoffFigure(const FigureData& figure, const std::vector<nlohmann::json>& results, const PrintSize& size, const QString& path,
                            QStringList* layoutProblems = nullptr);
QString writeMatrixFigure(const PackingPtr& packing, const PrintSize& size, const QString& path, QStringList* layoutProblems = nullptr);
// .csv: figureCsv; .json: figureJson.
QString writeFigureData(const FigureData& figure, const std::vector<nlohmann::json>& results, const QString& path);

} // namespace colcomb::ui
