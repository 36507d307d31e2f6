#include "TradeoffChart.h"

#include <qcustomplot.h>

#include <QLocale>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace colcomb::ui {

namespace {

// Okabe and Ito's palette, darkest first, so that the first series differ in grey as well.
const QColor kPalette[] = {QColor(0, 114, 178), QColor(213, 94, 0), QColor(0, 158, 115), QColor(204, 121, 167),
                           QColor(230, 159, 0), QColor(86, 180, 233), QColor(0, 0, 0), QColor(240, 228, 66)};
constexpr int kPaletteSize = sizeof kPalette / sizeof kPalette[0];
const QCPScatterStyle::ScatterShape kShapes[] = {QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
                                                 QCPScatterStyle::ssDiamond, QCPScatterStyle::ssCross, QCPScatterStyle::ssTriangleInverted,
                                                 QCPScatterStyle::ssPlus, QCPScatterStyle::ssStar};
const Qt::PenStyle kDashes[] = {Qt::SolidLine, Qt::DashLine, Qt::DotLine, Qt::DashDotLine};
const Qt::BrushStyle kHatches[] = {Qt::SolidPattern, Qt::SolidPattern, Qt::BDiagPattern, Qt::SolidPattern, Qt::FDiagPattern, Qt::CrossPattern};

QColor colourOf(int i) { return kPalette[i % kPaletteSize]; }

QString number(double v)
{
    if (v == std::round(v) && std::fabs(v) < 1e15) return QLocale().toString(static_cast<qlonglong>(v));  // counts
    if (v != 0.0 && (std::fabs(v) >= 1e6 || std::fabs(v) < 1e-3)) return QLocale().toString(v, 'g', 4);
    return QLocale().toString(v, 'f', std::fabs(v) >= 100 ? 0 : std::fabs(v) >= 10 ? 1 : 3);
}

} // namespace

TradeoffChart::TradeoffChart(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectLegend);
    m_plot->setMouseTracking(true);
    // Rows: the title, (a note on what is missing,) the axes, the legend below them so that it
    // never hides a point.
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, new QCPTextElement(m_plot, QString(), QFont(font().family(), 10, QFont::Bold)));
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(2, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(2, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);  // across, then the next row
    m_plot->legend->setBorderPen(Qt::NoPen);
    connect(m_plot, &QCustomPlot::mouseMove, this, &TradeoffChart::onMouseMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &TradeoffChart::onClick);
    connect(m_plot, &QCustomPlot::legendClick, this, &TradeoffChart::onLegendClick);
    setMinimumSize(320, 240);
}

void TradeoffChart::usePrintFonts(bool print)
{
    m_printFonts = print;
    show(m_figure, m_results);
}

void TradeoffChart::show(const FigureData& figure, const std::vector<nlohmann::json>& results)
{
    m_figure = figure;
    m_results = results;
    m_plottables.clear();
    m_plot->clearPlottables();
    m_plot->clearItems();

    if (m_note) {
        m_plot->plotLayout()->remove(m_note);
        m_plot->plotLayout()->simplify();
        m_note = nullptr;
    }
    const double base = m_printFonts ? 6.5 : 9.0;
    QFont tickFont = font();
    tickFont.setPointSizeF(base);
    QFont labelFont = font();
    labelFont.setPointSizeF(base + 1);
    QFont titleFont = font();
    titleFont.setPointSizeF(base + 1.0);
    titleFont.setBold(true);
    auto* title = static_cast<QCPTextElement*>(m_plot->plotLayout()->element(0, 0));
    title->setText(QString::fromStdString(figure.title));
    title->setFont(titleFont);

    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_plot->yAxis2}) {
        axis->setTickLabelFont(tickFont);
        axis->setLabelFont(labelFont);
        axis->setScaleType(QCPAxis::stLinear);
        axis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
        axis->setTickLabelRotation(0);  // what a bar figure shown before set
        axis->setSubTicks(true);
    }
    // Bars stand on the category ticks: a darker line at category 0 would single one out.
    m_plot->xAxis->grid()->setZeroLinePen(figure.bars ? Qt::NoPen : m_plot->xAxis->grid()->pen());
    m_plot->xAxis->setLabel(QString::fromStdString(figure.xLabel));
    m_plot->yAxis->setLabel(QString::fromStdString(figure.yLabel));
    m_plot->yAxis2->setLabel(QString::fromStdString(figure.y2Label));
    m_plot->yAxis2->setVisible(!figure.y2Label.empty());
    m_plot->legend->setVisible(!figure.series.empty());
    m_plot->legend->setFont(tickFont);
    m_plot->legend->setSelectableParts(QCPLegend::spItems);
    m_plot->legend->setIconSize(m_printFonts ? QSize(16, 8) : QSize(28, 12));
    std::size_t longest = 0;
    for (const FigureSeries& series : figure.series) longest = std::max(longest, series.name.size());
    m_plot->legend->setWrap(longest > 24 ? 1 : m_printFonts || longest > 16 ? 2 : 3);  // columns

    if (figure.logX) {
        m_plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        m_plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
    }
    if (!figure.xTicks.empty()) {
        auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
        for (double x : figure.xTicks) ticker->addTick(x, QLocale().toString(x, 'g', 4));
        m_plot->xAxis->setTicker(ticker);
        m_plot->xAxis->setSubTicks(false);
    }
    if (figure.bars) {
        auto ticker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
        for (std::size_t c = 0; c < figure.categories.size(); ++c) ticker->addTick(static_cast<double>(c), QString::fromStdString(figure.categories[c]));
        m_plot->xAxis->setTicker(ticker);
        // Rotated only when the labels, side by side, would be crowded.
        qsizetype longestCategory = 0;
        for (const std::string& c : figure.categories)
            for (const QString& line : QString::fromStdString(c).split('\n')) longestCategory = std::max(longestCategory, line.size());
        m_plot->xAxis->setTickLabelRotation(static_cast<qsizetype>(figure.categories.size()) * (longestCategory + 2) > 48 ? 45 : 0);
        m_plot->xAxis->setSubTicks(false);
        auto* group = figure.stacked ? nullptr : new QCPBarsGroup(m_plot);
        if (group) {
            group->setSpacingType(QCPBarsGroup::stPlotCoords);
            group->setSpacing(0.0);  // side by side: bar s of n sits at x + (s - (n - 1) / 2) x width
        }
        // Stacked: one bar per category, each series on top of the one before.
        const int n = figure.stacked ? 1 : std::max<int>(1, static_cast<int>(figure.series.size()));
        QCPBars* below = nullptr;
        std::vector<double> height(figure.categories.size(), 0.0);
        for (int s = 0; s < static_cast<int>(figure.series.size()); ++s) {
            auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
            bars->setName(QString::fromStdString(figure.series[static_cast<std::size_t>(s)].name));
            bars->setWidth(figure.stacked ? 0.6 : 0.8 / n);
            if (group) bars->setBarsGroup(group);
            if (below) bars->moveAbove(below);
            if (figure.stacked) below = bars;
            bars->setPen(QPen(Qt::black, 0.6));
            QBrush brush(colourOf(s), kHatches[s % 6]);
            bars->setBrush(brush);
            for (const FigurePoint& p : figure.series[static_cast<std::size_t>(s)].points) {
                bars->addData(p.x, p.y);
                const std::size_t category = static_cast<std::size_t>(std::max(0.0, p.x));
                if (figure.stacked && category < height.size()) height[category] += p.y;
                if (!figure.valueLabels || figure.stacked) continue;
                auto* label = new QCPItemText(m_plot);
                label->position->setType(QCPItemPosition::ptPlotCoords);
                label->position->setCoords(p.x + (s - (n - 1) / 2.0) * 0.8 / n, p.y);
                label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
                label->setText(number(p.y));
                QFont f = tickFont;
                f.setPointSizeF(base * (n > 2 ? 0.85 : 1.0));
                label->setFont(f);
                label->setClipToAxisRect(false);
            }
            m_plottables.push_back(bars);
        }
        // A stacked bar's label is its total, above it.
        for (std::size_t c = 0; figure.stacked && figure.valueLabels && c < height.size(); ++c) {
            auto* label = new QCPItemText(m_plot);
            label->position->setType(QCPItemPosition::ptPlotCoords);
            label->position->setCoords(static_cast<double>(c), height[c]);
            label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
            label->setText(number(height[c]));
            label->setFont(tickFont);
            label->setClipToAxisRect(false);
        }
    } else {
        double lowest = std::numeric_limits<double>::max(), highest = std::numeric_limits<double>::lowest();
        for (const FigureSeries& series : figure.series)
            for (const FigurePoint& p : series.points) {
                lowest = std::min(lowest, p.x);
                highest = std::max(highest, p.x);
            }
        const double labelMid = (lowest + highest) / 2.0;
        std::map<std::pair<double, double>, bool> labelled;
        for (int s = 0; s < static_cast<int>(figure.series.size()); ++s) {
            const FigureSeries& series = figure.series[static_cast<std::size_t>(s)];
            auto* graph = m_plot->addGraph(m_plot->xAxis, series.rightAxis ? m_plot->yAxis2 : m_plot->yAxis);
            graph->setName(QString::fromStdString(series.name));
            const bool cloud = figure.kind == FigureKind::Pareto && s == 0;
            const bool marks = figure.kind == FigureKind::Methods;  // points of one kind of method, not a curve
            const QColor colour = cloud ? QColor(120, 120, 120) : colourOf(figure.kind == FigureKind::Pareto ? 1 : s);
            graph->setPen(QPen(colour, 1.6, kDashes[s % 4]));
            graph->setLineStyle(cloud || marks ? QCPGraph::lsNone : QCPGraph::lsLine);
            graph->setScatterStyle(QCPScatterStyle(cloud ? QCPScatterStyle::ssCircle : kShapes[s % 8], colour, cloud ? QColor(200, 200, 200) : Qt::white,
                                                   cloud ? 5 : 7));
            for (const FigurePoint& p : series.points) {
                graph->addData(p.x, p.y);
                if (p.label.empty()) continue;
                // Labels in the right half go left of their point, so none leaves the plot; a
                // second label on the same point (1:8 and fixed groups of 8 coincide) goes below.
                const bool right = p.x > labelMid;
                const bool second = std::exchange(labelled[{p.x, p.y}], true);
                auto* label = new QCPItemText(m_plot);
                label->position->setType(QCPItemPosition::ptPlotCoords);
                label->position->setCoords(p.x, p.y);
                label->setPositionAlignment((right ? Qt::AlignRight : Qt::AlignLeft) | (second ? Qt::AlignTop : Qt::AlignBottom));
                label->setPadding(right ? QMargins(0, second ? 4 : 0, 6, second ? 0 : 4) : QMargins(6, second ? 4 : 0, 0, second ? 0 : 4));
                label->setText(QString::fromStdString(p.label));
                label->setColor(colour);
                QFont f = tickFont;
                f.setPointSizeF(base * 0.85);
                label->setFont(f);
            }
            m_plottables.push_back(graph);
        }
    }
    m_plot->rescaleAxes();
    if (!figure.empty()) {
        for (QCPAxis* axis : {m_plot->yAxis, m_plot->yAxis2}) {
            QCPRange r = axis->range();
            const double pad = std::max(r.size() * 0.08, std::fabs(r.upper) * 0.02 + 1e-9);
            axis->setRange(figure.bars ? std::min(0.0, r.lower) : r.lower - pad, r.upper + pad);
        }
        if (!figure.bars && !figure.logX) {
            const QCPRange r = m_plot->xAxis->range();
            const double pad = std::max(r.size() * 0.05, 1e-3);
            m_plot->xAxis->setRange(r.lower - pad, r.upper + pad);
        } else if (!figure.bars) {
            const QCPRange r = m_plot->xAxis->range();
            m_plot->xAxis->setRange(r.lower / 1.3, r.upper * 1.3);
        }
    }
    if (figure.bars) m_plot->xAxis->setRange(-0.6, std::max<double>(static_cast<double>(figure.categories.size()), 1.0) - 0.4);
    // Bars of whole numbers are counts (tiles per layer): a tick at 2.5 would read as half a tile.
    const bool counts = figure.bars && !figure.empty() && std::all_of(figure.series.begin(), figure.series.end(), [](const FigureSeries& series) {
        return std::all_of(series.points.begin(), series.points.end(), [](const FigurePoint& p) { return p.y == std::floor(p.y); });
    });
    if (counts) {
        auto whole = QSharedPointer<QCPAxisTickerFixed>(new QCPAxisTickerFixed);
        whole->setTickStep(1.0);
        whole->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_plot->yAxis->setTicker(whole);
        m_plot->yAxis->setSubTicks(false);
    }
    // Nothing to draw: a note in the axes' place says why, rather than empty axes.
    m_plot->axisRect()->setVisible(!figure.empty());
    if (!figure.missing.empty() || figure.empty()) {
        QFont noteFont = tickFont;
        noteFont.setItalic(true);
        std::string text = figure.missing.empty() ? "no points to draw" : figure.missing;
        if (figure.empty() && !m_printFonts) {
            noteFont.setPointSizeF(base + 2.0);
            text = "Nothing to draw: " + text + ".\nRun a sweep spec, reproduce one of the paper's figures, add a results file,\nor choose another figure or sweep above.";
        }
        m_plot->plotLayout()->insertRow(1);
        m_note = new QCPTextElement(m_plot, QString::fromStdString(text), noteFont);
        m_note->setTextColor(QColor(150, 50, 0));
        m_plot->plotLayout()->addElement(1, 0, m_note);
        if (figure.empty()) m_plot->plotLayout()->setRowStretchFactor(1, 10.0);
    }
    m_plot->replot();
}

QPointF TradeoffChart::pixelOf(int series, int point) const
{
    if (series < 0 || series >= static_cast<int>(m_plottables.size())) return {};
    QCPAbstractPlottable* p = m_plottables[static_cast<std::size_t>(series)];
    const FigurePoint& fp = m_figure.series[static_cast<std::size_t>(series)].points[static_cast<std::size_t>(point)];
    if (auto* bars = qobject_cast<QCPBars*>(p)) return bars->dataPixelPosition(point);
    return {p->keyAxis()->coordToPixel(fp.x), p->valueAxis()->coordToPixel(fp.y)};
}

TradeoffChart::Hit TradeoffChart::nearest(QPointF pixel) const
{
    Hit best;
    double bestDistance = 10.0;  // pixels
    for (int s = 0; s < static_cast<int>(m_plottables.size()); ++s) {
        if (!m_plottables[static_cast<std::size_t>(s)]->visible()) continue;
        if (auto* bars = qobject_cast<QCPBars*>(m_plottables[static_cast<std::size_t>(s)])) {
            // A bar answers anywhere on it, not only at its top.
            QVariant details;
            const double d = bars->selectTest(pixel, false, &details);
            const QCPDataSelection selected = details.value<QCPDataSelection>();
            if (d >= 0 && d < m_plot->selectionTolerance() && !selected.isEmpty()) return {s, selected.dataRange().begin()};
            continue;
        }
        const auto& points = m_figure.series[static_cast<std::size_t>(s)].points;
        for (int i = 0; i < static_cast<int>(points.size()); ++i) {
            const double d = QLineF(pixelOf(s, i), pixel).length();
            if (d < bestDistance) {
                bestDistance = d;
                best = {s, i};
            }
        }
    }
    return best;
}

QString TradeoffChart::hoverTextAt(QPointF pixel) const
{
    const Hit hit = nearest(pixel);
    if (hit.series < 0) return {};
    const FigureSeries& series = m_figure.series[static_cast<std::size_t>(hit.series)];
    const FigurePoint& p = series.points[static_cast<std::size_t>(hit.point)];
    const nlohmann::json& r = m_results[p.result];
    QString x = number(p.x);
    if (m_figure.bars && p.x >= 0 && p.x < static_cast<double>(m_figure.categories.size()))
        x = QString::fromStdString(m_figure.categories[static_cast<std::size_t>(p.x)]);
    const std::string& yLabel = series.rightAxis ? m_figure.y2Label : m_figure.yLabel;
    QString text = QString("<b>%1</b><br>%2: %3<br>%4: %5")
                       .arg(QString::fromStdString(series.name).toHtmlEscaped(), QString::fromStdString(m_figure.bars ? "category" : m_figure.xLabel).toHtmlEscaped(),
                            x, QString::fromStdString(yLabel).toHtmlEscaped(), number(p.y));
    text += "<br><i>" + QString::fromStdString(pointLabel(r)).toHtmlEscaped() + "</i>";
    for (const FigureMetric& m : figureMetrics()) {
        if (!r.contains(m.key) || !r[m.key].is_number() || m.label == yLabel) continue;  // the line above says it
        // A trained point is costed with the groups it was trained with, which keep every weight
        // the training left: its |w| kept is 100% by construction and says nothing.
        if (m.key == "weight_kept" && r.contains("accuracy")) continue;
        text += QString("<br>%1: %2").arg(QString::fromStdString(m.label).toHtmlEscaped(), number(r[m.key].get<double>() * m.scale));
    }
    return text;
}

void TradeoffChart::onMouseMove(QMouseEvent* event)
{
    const QString text = hoverTextAt(event->position());
    if (text.isEmpty()) QToolTip::hideText();
    else QToolTip::showText(event->globalPosition().toPoint(), text, m_plot);
}

void TradeoffChart::onClick(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton) return;
    const Hit hit = nearest(event->position());
    if (hit.series < 0) return;
    emit resultClicked(m_results[m_figure.series[static_cast<std::size_t>(hit.series)].points[static_cast<std::size_t>(hit.point)].result]);
}

void TradeoffChart::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*)
{
    auto* entry = qobject_cast<QCPPlottableLegendItem*>(item);
    if (!entry) return;
    QCPAbstractPlottable* p = entry->plottable();
    p->setVisible(!p->visible());
    entry->setTextColor(p->visible() ? Qt::black : QColor(170, 170, 170));
    entry->setSelected(false);
    m_plot->replot();
}

} // namespace colcomb::ui
