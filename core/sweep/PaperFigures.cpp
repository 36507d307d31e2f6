#include "sweep/PaperFigures.h"

#include "training/Bundled.h"

namespace colcomb {

const std::vector<PaperFigure>& paperFigures()
{
    static const std::vector<PaperFigure> figures = [] {
        const std::string folder = resourcesFolder() + "/sweeps/";
        const auto figure = [&](int n, std::string title, std::optional<FigureKind> kind, const std::string& stem) {
            return PaperFigure{n, std::move(title), kind, stem.empty() ? "" : folder + stem + "-quick.json", stem.empty() ? "" : folder + stem + "-full.json"};
        };
        return std::vector<PaperFigure>{
            figure(1, "A sparse layer before and after packing, with the 64 x 64 tile grid", std::nullopt, ""),
            figure(2, "Gamma sweep: accuracy and utilization efficiency", FigureKind::Gamma, "fig2-gamma"),
            figure(3, "Alpha sweep at gamma 0.5: accuracy and utilization efficiency", FigureKind::Alpha, "fig3-alpha"),
            figure(4, "Tiles per layer: unstructured pruning against column-combine pruning", FigureKind::Tiles, "fig4-tiles"),
            figure(5, "Limited data: a new model against a pretrained one", FigureKind::LimitedData, "fig5-limited-data"),
            figure(6, "Hardware: throughput, tiles, energy and accuracy of three settings", FigureKind::Hardware, "fig6-hardware"),
        };
    }();
    return figures;
}

} // namespace colcomb
