#pragma once
// One trade-off figure (core/sweep/Figures.h) drawn with QCustomPlot: lines with markers on one
// or two y axes, grouped bars, or the Pareto cloud with its front. Hovering a point shows its
// exact values and parameters; clicking a legend entry hides or shows its series; the wheel zooms
// and dragging pans; clicking a point emits the result it came from. Colours are Okabe and Ito's
// (distinct for colour-blind readers) and every series also differs in marker and dash, so the
// figure reads in grey print. A figure the results cannot fill says what is missing in the plot.
#include "sweep/Figures.h"

#include <QWidget>

class QCustomPlot;
class QCPAbstractPlottable;
class QCPLegend;
class QCPTextElement;
class QCPAbstractLegendItem;
class QMouseEvent;

namespace colcomb::ui {

class TradeoffChart : public QWidget {
    Q_OBJECT

public:
    explicit TradeoffChart(QWidget* parent = nullptr);

    // Draws `figure`, made from `results` (hover text and clicks refer to them).
    void show(const FigureData& figure, const std::vector<nlohmann::json>& results);
    const FigureData& figure() const { return m_figure; }
    const std::vector<nlohmann::json>& results() const { return m_results; }
    QCustomPlot* plot() const { return m_plot; }
    // Fonts sized for print: a figure exported at a paper column's width stays readable.
    void usePrintFonts(bool print);
    // The hover text of the point nearest `pixel` within a few pixels, empty if none (for tests).
    QString hoverTextAt(QPointF pixel) const;
    // The pixel where a series' point is drawn (for tests and the studio's keyboard use).
    QPointF pixelOf(int series, int point) const;

signals:
    void resultClicked(const nlohmann::json& result);

private:
    struct Hit {
        int series = -1;
        int point = -1;
    };
    Hit nearest(QPointF pixel) const;
    void onMouseMove(QMouseEvent* event);
    void onClick(QMouseEvent* event);
    void onLegendClick(QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent* event);

    QCustomPlot* m_plot;
    FigureData m_figure;
    std::vector<nlohmann::json> m_results;
    std::vector<QCPAbstractPlottable*> m_plottables;  // one per figure series
    QCPTextElement* m_note = nullptr;                 // what the figure lacks
    bool m_printFonts = false;
};

} // namespace colcomb::ui
