#include "MatrixPlot.h"

#include "CellRects.h"
#include "FigureExport.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

namespace {

QString xAxisLabel(MatrixPlot::Kind kind) { return kind == MatrixPlot::Kind::Original ? "column (input channel x kernel position)" : "group (array column)"; }

// Okabe and Ito's seven colours (black is the pruned weight's), then each mixed 55% with white:
// neighbouring groups stay apart for colour-blind viewers too, where Tableau's red and green did
// not (tests/ui holds neighbours at least 15 apart in CIELAB under simulated protanopia and
// deuteranopia; Tableau 20's groups 1 and 2 were 4.6 apart). None is grey, which means a weight
// whose column is in no group yet (stepping through greedy).
const QColor kGroupColours[] = {
    QColor(0xe6, 0x9f, 0x00), QColor(0x56, 0xb4, 0xe9), QColor(0x00, 0x9e, 0x73), QColor(0xf0, 0xe4, 0x42), QColor(0x00, 0x72, 0xb2),
    QColor(0xd5, 0x5e, 0x00), QColor(0xcc, 0x79, 0xa7), QColor(0xf4, 0xd4, 0x8c), QColor(0xb3, 0xdd, 0xf5), QColor(0x8c, 0xd3, 0xc0),
    QColor(0xf8, 0xf3, 0xaa), QColor(0x8c, 0xc0, 0xdc), QColor(0xec, 0xb7, 0x8c), QColor(0xe8, 0xc3, 0xd7),
};
constexpr int kGroupColourCount = static_cast<int>(std::size(kGroupColours));
const QColor kPrunedColour(20, 20, 20);
const QColor kPendingColour(185, 185, 185);  // a weight whose column no group holds yet
const QColor kHighlightColour(230, 0, 120);  // the current step's columns
const QColor kConflictColour(255, 215, 0);   // the current step's conflict cells
// The ends and middle of the weight and group-size maps, named for their legend lines.
const QColor kNegativeColour(0x21, 0x66, 0xac);
const QColor kPositiveColour(0xb2, 0x18, 0x2b);
const QColor kGroupSizeColour(0x1d, 0x91, 0xc0);

// One flat band of colour per category, so value k (0-based) always shows colour k.
QCPColorGradient categoryGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    for (int k = 0; k < kGroupColourCount; ++k) {
        const double lo = static_cast<double>(k) / kGroupColourCount;
        const double hi = static_cast<double>(k + 1) / kGroupColourCount;
        g.setColorStopAt(lo + 1e-6, kGroupColours[k]);
        g.setColorStopAt(hi - 1e-6, kGroupColours[k]);
    }
    g.setLevelCount(kGroupColourCount * 40);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

// Signed weights on ColorBrewer's RdBu, centred on zero: blue negative, red positive. The centre
// is a light grey rather than RdBu's near-white, so that small weights still show on the plot's
// background.
QCPColorGradient weightGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    const QColor stops[] = {QColor(0x05, 0x30, 0x61), kNegativeColour, QColor(0x43, 0x93, 0xc3), QColor(0x92, 0xc5, 0xde),
                            QColor(0xd1, 0xe5, 0xf0), QColor(0xd9, 0xd9, 0xd9), QColor(0xfd, 0xdb, 0xc7), QColor(0xf4, 0xa5, 0x82),
                            QColor(0xd6, 0x60, 0x4d), kPositiveColour, QColor(0x67, 0x00, 0x1f)};
    const int n = static_cast<int>(std::size(stops));
    for (int k = 0; k < n; ++k) g.setColorStopAt(static_cast<double>(k) / (n - 1), stops[k]);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

// Group sizes 1..alpha, light (a column alone) to dark (a full group): ColorBrewer YlGnBu.
QCPColorGradient groupSizeGradient(int alpha)
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(0xc7, 0xe9, 0xb4));
    g.setColorStopAt(0.5, kGroupSizeColour);
    g.setColorStopAt(1.0, QColor(0x08, 0x1d, 0x58));
    g.setLevelCount(std::max(alpha, 2));
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

// The second map's two kinds of cell: 0 a weight in no group yet (grey), 1 a pruned one (black).
QCPColorGradient prunedGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, kPendingColour);
    g.setColorStopAt(0.49, kPendingColour);
    g.setColorStopAt(0.51, kPrunedColour);
    g.setColorStopAt(1.0, kPrunedColour);
    g.setLevelCount(2);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

// Density of weights in a bin: white (none) to dark blue (every cell), readable in grey print.
QCPColorGradient densityGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, QColor(255, 255, 255));
    g.setColorStopAt(0.5, QColor(107, 174, 214));
    g.setColorStopAt(1.0, QColor(8, 48, 107));
    return g;
}

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
// Up to this many cells the cells are vector rectangles (sharp in SVG and PDF); beyond, bitmaps.
constexpr long long kVectorCells = 4096;
// A matrix up to this many cells is drawn whole, cell by cell, at any zoom; a larger one window
// by window.
constexpr long long kWholeMatrixCells = 1'000'000;
// Tile lines closer than this are thinned.
constexpr double kMinLineSpacingPx = 10.0;

double categoryOf(int group) { return static_cast<double>(group % kGroupColourCount); }

} // namespace

int groupColourCount() { return kGroupColourCount; }

QColor groupColour(int group) { return kGroupColours[group % kGroupColourCount]; }

QList<QRgb> matrixColours()
{
    QList<QRgb> colours;
    for (const QColor& c : kGroupColours) colours.push_back(c.rgb());
    for (const QColor& c : {kPrunedColour, kPendingColour, kHighlightColour, kConflictColour, QColor(250, 250, 250)}) colours.push_back(c.rgb());
    return colours;
}

MatrixPlot::MatrixPlot(Kind kind, QWidget* parent)
    : QWidget(parent), m_kind(kind), m_plot(new QCustomPlot(this)), m_cells(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)),
      m_pruned(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)), m_rects(new CellRects(m_plot->xAxis, m_plot->yAxis)), m_scale(new QCPColorScale(m_plot)),
      m_title(new QCPTextElement(m_plot, QString(), QFont(font().family(), 11, QFont::Bold))),
      m_marker(new QCPItemRect(m_plot)), m_frame(new QCPItemRect(m_plot))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setObjectName(kind == Kind::Original ? "originalPlot" : "packedPlot");
    m_plot->plotLayout()->insertRow(0);
    m_plot->plotLayout()->addElement(0, 0, m_title);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->yAxis->setRangeReversed(true);  // row 0 at the top, as a matrix is read
    m_plot->xAxis->setLabel(xAxisLabel(kind));
    m_plot->yAxis->setLabel("row (filter)");
    m_plot->axisRect()->setBackground(QColor(250, 250, 250));
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->grid()->setVisible(false);
        // Rows, columns and groups are whole numbers: never label a tick 2.5.
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        axis->setTicker(ticker);
        connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] { m_refill.start(); });
    }
    // The colour bar sits right of the axes, kept level with them.
    m_scale->setType(QCPAxis::atRight);
    m_scale->setBarWidth(12);
    m_scale->setRangeDrag(false);
    m_scale->setRangeZoom(false);
    m_scale->setVisible(false);
    auto* margins = new QCPMarginGroup(m_plot);
    m_plot->axisRect()->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_scale->setMarginGroup(QCP::msTop | QCP::msBottom, margins);
    m_cells->setInterpolate(false);
    m_pruned->setInterpolate(false);
    m_pruned->setGradient(prunedGradient());
    m_pruned->setDataRange(QCPRange(0.0, 1.0));
    m_frame->setPen(QPen(QColor(90, 90, 90)));
    m_marker->setPen(QPen(QColor(230, 0, 120), 2.5));
    m_marker->setVisible(false);
    m_marker->setLayer("axes");  // above the tile lines
    m_refill.setSingleShot(true);
    m_refill.setInterval(15);
    connect(&m_densityWatcher, &QFutureWatcher<DensityGrid>::finished, this, &MatrixPlot::onDensityReady);
    connect(&m_refill, &QTimer::timeout, this, [this] {
        refill();
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    });
    // Densities are binned to the plot's size in pixels: a resized plot bins again.
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        if (m_aggregated && m_plot->axisRect()->rect().size() != m_densityShown.pixels) m_refill.start();
    });
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &MatrixPlot::describeCellAt);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        if (!m_packing || event->button() != Qt::LeftButton) return;
        const auto [row, column] = weightAt(event);
        if (row >= 0) emit weightClicked(row, column);
    });
}

void MatrixPlot::usePrintLayout(double widthPoints)
{
    m_printWidth = widthPoints;
    QFont title = m_title->font();
    title.setPointSizeF(6.5);
    m_title->setFont(title);
    QFont ticks = m_plot->xAxis->tickLabelFont();
    ticks.setPointSizeF(6.0);
    QFont labels = m_plot->xAxis->labelFont();
    labels.setPointSizeF(6.5);
    // QCustomPlot's paddings and its 15-unit minimum margins are sized for a screen; in points they
    // would take a third of a plot a paper column wide.
    m_plot->axisRect()->setMinimumMargins(QMargins(2, 3, 6, 2));
    m_plot->plotLayout()->setRowSpacing(0);
    m_title->setMargins(QMargins(0, 2, 0, 0));
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis, m_scale->axis()}) {
        axis->setTickLabelFont(ticks);
        axis->setLabelFont(labels);
        axis->ticker()->setTickCount(3);
        axis->setPadding(1);
        axis->setTickLabelPadding(2);
        axis->setLabelPadding(2);
    }
    // The x label's room: the plot's width less the row axis's labels.
    m_plot->xAxis->setLabel(wrapText(xAxisLabel(m_kind), printFontMetrics(labels), widthPoints - 30.0));
    if (m_packing) updateTitle();
    else showEmpty();
}

MatrixPlot::~MatrixPlot() { m_densityWatcher.waitForFinished(); }

int MatrixPlot::matrixCols() const { return m_kind == Kind::Original ? m_packing->original.cols() : m_packing->packed.columns(); }

void MatrixPlot::showPacking(const PackingPtr& packing, CellColouring colouring)
{
    if (!packing) return showEmpty();
    for (QCPLayerable* part : std::initializer_list<QCPLayerable*>{m_frame, m_plot->xAxis, m_plot->yAxis}) part->setVisible(true);
    const bool shapeChanged = !m_packing || m_packing->original.rows() != packing->original.rows() || m_packing->original.cols() != packing->original.cols();
    m_packing = packing;
    m_colouring = colouring;
    m_shownBins = {};  // the cells changed: fill again
    m_frame->topLeft->setCoords(-0.5, -0.5);
    m_frame->bottomRight->setCoords(std::max(matrixCols(), 1) - 0.5, packing->original.rows() - 0.5);
    // Keep the user's zoom while parameters change; refit when the layer itself changed or the
    // packed matrix changed width.
    if (shapeChanged) {
        // Nothing of the previous layer stays on screen while a large one is being binned.
        for (QCPColorMap* map : {m_cells, m_pruned}) {
            map->data()->setSize(1, 1);
            map->data()->fill(kNan);
        }
    }
    if (shapeChanged || m_kind == Kind::Packed) resetView();
    updateColourScale();
    refill();
    m_plot->replot();
}

void MatrixPlot::showEmpty()
{
    m_packing.reset();
    m_densityWanted = {};
    for (QCPColorMap* map : {m_cells, m_pruned}) {
        map->data()->setSize(1, 1);
        map->data()->fill(kNan);
    }
    m_rects->setCells({});
    for (QCPItemLine* line : m_gridLines) m_plot->removeItem(line);
    m_gridLines.clear();
    m_marker->setVisible(false);
    for (QCPItemRect* item : m_highlights) m_plot->removeItem(item);
    m_highlights.clear();
    // Nothing drawn, no axes to read: only the title saying what to do.
    for (QCPLayerable* part : std::initializer_list<QCPLayerable*>{m_cells, m_pruned, m_frame, m_plot->xAxis, m_plot->yAxis}) part->setVisible(false);
    m_scale->setVisible(false);
    m_shownBins = {};
    setTitle(m_kind == Kind::Original ? "No layer open\nFile > Open (Ctrl+O), drop a file here, or Teach > Worked example" : "Packed\n-");
    m_plot->replot();
}

void MatrixPlot::setTensorShape(const QString& shape)
{
    m_tensorShape = shape;
    if (m_packing) updateTitle();
}

bool MatrixPlot::drawsVectorCells() const { return !m_rects->cells().empty(); }

bool MatrixPlot::showsColourScale() const { return m_scale->visible(); }

void MatrixPlot::updateColourScale()
{
    const bool shown = m_colouring != CellColouring::Groups;
    if (shown != m_scale->visible()) {
        m_scale->setVisible(shown);
        if (shown) m_plot->plotLayout()->addElement(1, 1, m_scale);
        else m_plot->plotLayout()->take(m_scale);
        m_plot->plotLayout()->simplify();
    }
    if (!shown) return;
    if (m_colouring == CellColouring::Weights) {
        const float largest = std::max(m_packing->original.weights().cwiseAbs().maxCoeff(), 1e-12f);
        m_scale->setGradient(weightGradient());
        m_scale->setDataRange(QCPRange(-largest, largest));
        m_scale->setLabel("weight");
        m_scale->axis()->setTicker(QSharedPointer<QCPAxisTicker>::create());
    } else {
        const int alpha = std::max(m_packing->params.alpha, 1);
        m_scale->setGradient(groupSizeGradient(alpha));
        m_scale->setDataRange(QCPRange(0.5, alpha + 0.5));
        m_scale->setLabel("columns in the group");
        auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
        ticker->setTickStep(1.0);
        ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
        m_scale->axis()->setTicker(ticker);
    }
}

QList<LegendEntry> MatrixPlot::legend() const
{
    QList<LegendEntry> entries;
    const int groups = m_packing ? m_packing->packed.groupCount() : 0;
    if (m_colouring == CellColouring::Groups) {
        entries.append({groupColour(0), {}});
        entries.append({groupColour(1), {}});
        entries.append({groupColour(2), groups > kGroupColourCount
                                            ? QString("weight, coloured by its group (colours repeat after %1)").arg(kGroupColourCount)
                                            : QString("weight, coloured by its column group")});
    } else if (m_colouring == CellColouring::Weights) {
        entries.append({kNegativeColour, {}});
        entries.append({kPositiveColour, "weight: blue negative, red positive (colour bar)"});
    } else {
        entries.append({kGroupSizeColour, "weight, coloured by how many columns its group combines (colour bar)"});
    }
    if (m_packing) {
        std::size_t placed = 0;
        for (const ColumnGroup& g : m_packing->packed.groups()) placed += g.size();
        if (static_cast<long long>(placed) < m_packing->metrics.nonzeroColumns) entries.append({kPendingColour, "column in no group yet"});
    }
    const bool nm = m_packing && m_packing->params.method == CombineMethod::NM;
    entries.append({kPrunedColour, nm ? "pruned by N:M" : "pruned by column combining"});
    entries.append({QColor(90, 90, 90), "array tile boundary", true});
    return entries;
}

void MatrixPlot::resetView()
{
    if (!m_packing) return;
    m_plot->xAxis->setRange(-0.5, std::max(matrixCols(), 1) - 0.5);
    m_plot->yAxis->setRange(-0.5, m_packing->original.rows() - 0.5);
    m_plot->replot();
}

void MatrixPlot::refill()
{
    m_refill.stop();
    if (!m_packing) return;
    const int rows = m_packing->original.rows();
    const int cols = matrixCols();
    const QRect area = m_plot->axisRect()->rect();
    const QSize pixels(std::max(area.width(), 64), std::max(area.height(), 64));
    MatrixWindow window{0, 0, rows, cols};
    const bool small = static_cast<long long>(rows) * cols <= kWholeMatrixCells;
    if (!small) {
        // Only what the axes show, whole cells.
        const auto span = [](const QCPRange& range, int size, int& first, int& count) {
            first = std::clamp(static_cast<int>(std::floor(range.lower + 0.5)), 0, std::max(size - 1, 0));
            const int last = std::clamp(static_cast<int>(std::ceil(range.upper - 0.5)), first, std::max(size - 1, 0));
            count = last - first + 1;
        };
        span(m_plot->xAxis->range(), cols, window.col0, window.cols);
        span(m_plot->yAxis->range(), rows, window.row0, window.rows);
    }
    // Single weights once each has a pixel of its own; densities before that.
    if (small || (window.cols <= pixels.width() && window.rows <= pixels.height())) {
        m_densityWanted = {};
        if (m_aggregated || m_shownBins != QSize(1, 1) || !(window == m_shown)) {
            if (m_kind == Kind::Original) fillOriginal(*m_packing, window);
            else fillPacked(*m_packing, window);
            m_shown = window;
            m_shownBins = QSize(1, 1);
            m_aggregated = false;
        }
    } else {
        requestDensity({m_packing, window, pixels});
    }
    updateTitle();
    drawTileGrid();
}

bool MatrixPlot::isBinning() const { return m_densityWatcher.isRunning(); }

void MatrixPlot::requestDensity(const DensityRequest& request)
{
    if (request == m_densityShown && m_aggregated) return;
    m_densityWanted = request;
    if (!m_densityWatcher.isRunning()) startDensity();
}

void MatrixPlot::startDensity()
{
    m_densityRunning = m_densityWanted;
    const DensityRequest r = m_densityRunning;
    const bool original = m_kind == Kind::Original;
    // Binning a large window reads every cell: tens of milliseconds, off the UI thread.
    m_densityWatcher.setFuture(QtConcurrent::run([r, original] {
        const PackingResult& p = *r.packing;
        const int maxRows = r.pixels.height();
        const int maxCols = r.pixels.width();
        return original ? densityGrid(r.window, maxRows, maxCols, [&p](int row, int col) { return p.pruned(row, col) != 0.0f; })
                        : densityGrid(r.window, maxRows, maxCols, [&p](int row, int col) { return p.packed.select()(row, col) >= 0; });
    }));
}

void MatrixPlot::onDensityReady()
{
    if (!m_densityWanted.packing) return;  // single weights are shown now
    if (!(m_densityRunning == m_densityWanted)) {
        startDensity();  // the view moved on meanwhile
        return;
    }
    const DensityGrid grid = m_densityWatcher.result();
    fillDensity(grid);
    m_densityShown = m_densityRunning;
    m_shown = grid.window;
    m_shownBins = QSize(grid.binCols, grid.binRows);
    m_aggregated = true;
    updateTitle();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MatrixPlot::setTitle(const QString& text)
{
    // In print the plot is a fraction of a paper column: the words wrap rather than run off it
    // (the title element's margins take a few points).
    m_title->setText(m_printWidth > 0 ? wrapText(text, printFontMetrics(m_title->font()), m_printWidth - 8.0) : text);
}

void MatrixPlot::updateTitle()
{
    const PackingResult& r = *m_packing;
    const QLocale locale;
    const int cols = m_kind == Kind::Original ? r.original.cols() : r.packed.columns();
    // A shape is one word to wrapping (no-break spaces): "128 x 16" never splits across lines.
    QString text = QString(m_kind == Kind::Original ? "Original filter matrix: %1\u00a0x\u00a0%2"
                           : r.packed.lanes() > 1   ? "Packed: %1\u00a0x\u00a0%2 array columns"
                                                    : "Packed: %1\u00a0x\u00a0%2 groups")
                       .arg(locale.toString(r.original.rows()), locale.toString(cols));
    if (m_kind == Kind::Original && !m_tensorShape.isEmpty()) text += " (weight " + m_tensorShape + ")";
    text += "\n" + QString(m_kind == Kind::Original ? "%1 nonzeros" : "%1 weights")
                       .arg(locale.toString(m_kind == Kind::Original ? r.metrics.nnzBefore : r.metrics.nnzAfter));
    // An N:M group spans its lanes: the second line says how many groups those columns are.
    if (m_kind == Kind::Packed && r.packed.lanes() > 1)
        text += QString(" in %1 groups of %2 lanes").arg(locale.toString(r.packed.groupCount())).arg(r.packed.lanes());
    if (m_aggregated) text += QString(", density per %1 x %2 cells (zoom in for weights)").arg(m_shownBins.height()).arg(m_shownBins.width());
    setTitle(text);
}

void MatrixPlot::useCellColouring(const PackingResult& r)
{
    if (m_colouring == CellColouring::Groups) {
        m_cells->setGradient(categoryGradient());
        m_cells->setDataRange(QCPRange(-0.5, kGroupColourCount - 0.5));
    } else if (m_colouring == CellColouring::Weights) {
        const float largest = std::max(r.original.weights().cwiseAbs().maxCoeff(), 1e-12f);
        m_cells->setGradient(weightGradient());
        m_cells->setDataRange(QCPRange(-largest, largest));
    } else {
        const int alpha = std::max(r.params.alpha, 1);
        m_cells->setGradient(groupSizeGradient(alpha));
        m_cells->setDataRange(QCPRange(0.5, alpha + 0.5));
    }
}

double MatrixPlot::cellValue(int group, float weight) const
{
    switch (m_colouring) {
    case CellColouring::Groups: return categoryOf(group);
    case CellColouring::Weights: return weight;
    case CellColouring::GroupSize: return static_cast<double>(m_packing->packed.groups()[static_cast<std::size_t>(group)].size());
    }
    return kNan;
}

void MatrixPlot::fillCells(const std::vector<CellValue>& cells, MatrixWindow w)
{
    // Small matrices as vector rectangles, the colour maps empty; larger ones as colour maps.
    const bool vector = static_cast<long long>(w.rows) * w.cols <= kVectorCells;
    for (QCPColorMap* map : {m_cells, m_pruned}) {
        map->setVisible(!vector);  // even an empty map is drawn as an image
        map->data()->setSize(vector ? 1 : std::max(w.cols, 1), vector ? 1 : w.rows);
        map->data()->setRange(QCPRange(w.col0, w.col0 + std::max(w.cols - 1, 1)), QCPRange(w.row0, w.row0 + std::max(w.rows - 1, 1)));
        map->data()->fill(kNan);
    }
    std::vector<CellRect> rects;
    QCPColorGradient gradient = m_cells->gradient();
    const QCPRange range = m_cells->dataRange();
    for (const CellValue& c : cells) {
        if (vector)
            rects.push_back({c.col, c.row, c.state == CellState::Pruned ? kPrunedColour
                                         : c.state == CellState::Pending ? kPendingColour
                                                                          : QColor::fromRgb(gradient.color(c.value, range))});
        else if (c.state != CellState::Kept) m_pruned->data()->setCell(c.col - w.col0, c.row - w.row0, c.state == CellState::Pruned ? 1.0 : 0.0);
        else m_cells->data()->setCell(c.col - w.col0, c.row - w.row0, c.value);
    }
    m_rects->setCells(std::move(rects));
}

void MatrixPlot::fillOriginal(const PackingResult& r, MatrixWindow w)
{
    useCellColouring(r);
    std::vector<CellValue> cells;
    const std::vector<int>& groupOf = r.packed.groupOfColumn();
    for (int row = w.row0; row < w.row0 + w.rows; ++row) {
        for (int col = w.col0; col < w.col0 + w.cols; ++col) {
            const float v = r.original(row, col);
            if (v == 0.0f) continue;
            const int group = groupOf[static_cast<std::size_t>(col)];
            if (r.pruned(row, col) == 0.0f) cells.push_back({col, row, 0.0, CellState::Pruned});
            else if (group < 0) cells.push_back({col, row, 0.0, CellState::Pending});
            else cells.push_back({col, row, cellValue(group, v), CellState::Kept});
        }
    }
    fillCells(cells, w);
}

void MatrixPlot::fillPacked(const PackingResult& r, MatrixWindow w)
{
    useCellColouring(r);
    std::vector<CellValue> cells;
    for (int row = w.row0; row < w.row0 + w.rows; ++row)
        for (int g = w.col0; g < w.col0 + w.cols; ++g)
            if (r.packed.select()(row, g) >= 0)
                cells.push_back({g, row, cellValue(r.packed.groupOfArrayColumn()[static_cast<std::size_t>(g)], r.packed.weights()(row, g)), CellState::Kept});
    fillCells(cells, w);
}

void MatrixPlot::fillDensity(const DensityGrid& grid)
{
    float densest = 0.0f;
    for (float d : grid.density) densest = std::max(densest, d);
    m_rects->setCells({});
    m_cells->setVisible(true);
    m_pruned->setVisible(true);
    m_cells->setGradient(densityGradient());
    m_cells->setDataRange(QCPRange(0.0, std::max(static_cast<double>(densest), 1e-6)));
    m_pruned->data()->setSize(1, 1);
    m_pruned->data()->fill(kNan);
    // Each bin is drawn over the cells it stands for: its centre sits mid-way across them.
    const MatrixWindow& w = grid.window;
    const double x0 = w.col0 + (grid.binCols - 1) / 2.0;
    const double y0 = w.row0 + (grid.binRows - 1) / 2.0;
    m_cells->data()->setSize(grid.cols, grid.rows);
    m_cells->data()->setRange(QCPRange(x0, x0 + std::max(grid.cols - 1, 1) * static_cast<double>(grid.binCols)),
                              QCPRange(y0, y0 + std::max(grid.rows - 1, 1) * static_cast<double>(grid.binRows)));
    for (int br = 0; br < grid.rows; ++br)
        for (int bc = 0; bc < grid.cols; ++bc) m_cells->data()->setCell(bc, br, grid.at(br, bc));
}

void MatrixPlot::drawTileGrid()
{
    for (QCPItemLine* line : m_gridLines) m_plot->removeItem(line);
    m_gridLines.clear();
    const int rows = m_packing->original.rows();
    const int cols = matrixCols();
    const ArrayShape array = m_packing->params.array;
    const QPen pen(QColor(90, 90, 90, 170), 1.0, Qt::DashLine);
    const auto line = [&](double x0, double y0, double x1, double y1) {
        auto* item = new QCPItemLine(m_plot);
        item->setPen(pen);
        item->start->setCoords(x0, y0);
        item->end->setCoords(x1, y1);
        m_gridLines.push_back(item);
    };
    // Every k-th tile boundary, k the smallest that keeps lines kMinLineSpacingPx apart, and only
    // those in view. Boundaries fall between cells, hence the half offsets.
    const auto step = [](QCPAxis* axis, int tile) {
        const double pixelsPerCell = std::abs(axis->coordToPixel(1.0) - axis->coordToPixel(0.0));
        return tile * std::max(1, static_cast<int>(std::ceil(kMinLineSpacingPx / std::max(pixelsPerCell * tile, 1e-9))));
    };
    const auto visible = [](QCPAxis* axis, int stride, int size, int& first, int& last) {
        first = std::max(stride, (static_cast<int>(std::floor(std::max(axis->range().lower, 0.0))) / stride) * stride);
        last = std::min(size - 1, static_cast<int>(std::ceil(std::min(axis->range().upper, static_cast<double>(size)))));
    };
    int first = 0;
    int last = 0;
    const int colStep = step(m_plot->xAxis, array.cols);
    visible(m_plot->xAxis, colStep, cols, first, last);
    for (int c = first; c <= last; c += colStep) line(c - 0.5, -0.5, c - 0.5, rows - 0.5);
    const int rowStep = step(m_plot->yAxis, array.rows);
    visible(m_plot->yAxis, rowStep, rows, first, last);
    for (int r = first; r <= last; r += rowStep) line(-0.5, r - 0.5, cols - 0.5, r - 0.5);
}

void MatrixPlot::setHighlight(const std::vector<int>& originalColumns, const std::vector<std::pair<int, int>>& cells)
{
    for (QCPItemRect* item : m_highlights) m_plot->removeItem(item);
    m_highlights.clear();
    if (!m_packing) return;
    const std::vector<int>& groupOf = m_packing->packed.groupOfColumn();
    const auto column = [&](int original) { return m_kind == Kind::Original ? original : groupOf[static_cast<std::size_t>(original)]; };
    const auto outline = [&](double x0, double y0, double x1, double y1, const QPen& pen) {
        auto* item = new QCPItemRect(m_plot);
        item->setPen(pen);
        item->topLeft->setCoords(x0, y0);
        item->bottomRight->setCoords(x1, y1);
        item->setLayer("axes");  // above the cells and tile lines
        m_highlights.push_back(item);
    };
    std::vector<int> shown;
    for (int c : originalColumns)
        if (const int col = column(c); col >= 0 && std::find(shown.begin(), shown.end(), col) == shown.end()) shown.push_back(col);
    for (int col : shown) outline(col - 0.5, -0.5, col + 0.5, m_packing->original.rows() - 0.5, QPen(kHighlightColour, 2.5));
    for (const auto& [row, original] : cells)
        if (const int col = column(original); col >= 0) outline(col - 0.45, row - 0.45, col + 0.45, row + 0.45, QPen(kConflictColour, 3.0));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void MatrixPlot::markWeight(int row, int originalColumn)
{
    if (!m_packing || !m_marker) return;
    int col = originalColumn;
    if (m_kind == Kind::Packed && originalColumn >= 0) col = m_packing->packed.groupOfColumn()[static_cast<std::size_t>(originalColumn)];
    const bool visible = row >= 0 && col >= 0;
    if (visible) {
        m_marker->topLeft->setCoords(col - 0.5, row - 0.5);
        m_marker->bottomRight->setCoords(col + 0.5, row + 0.5);
    }
    if (visible || m_marker->visible()) {
        m_marker->setVisible(visible);
        m_plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

std::pair<int, int> MatrixPlot::weightAt(QMouseEvent* event) const
{
    const int col = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(event->position().x())));
    const int row = static_cast<int>(std::lround(m_plot->yAxis->pixelToCoord(event->position().y())));
    if (describeCell(row, col).isEmpty()) return {-1, -1};
    const int original = m_kind == Kind::Original ? col : m_packing->packed.select()(row, col);
    const bool holdsWeight = original >= 0 && m_packing->original(row, original) != 0.0f;
    return {row, holdsWeight ? original : -1};
}

void MatrixPlot::describeCellAt(QMouseEvent* event)
{
    if (!m_packing) return;
    const auto [row, column] = weightAt(event);
    const int col = static_cast<int>(std::lround(m_plot->xAxis->pixelToCoord(event->position().x())));
    emit cellHovered(row >= 0 ? describeCell(row, col) : QString(), row, column);
}

QString MatrixPlot::describeCell(int row, int col) const
{
    const PackingResult& r = *m_packing;
    if (row < 0 || row >= r.original.rows()) return {};
    if (m_kind == Kind::Original) {
        if (col < 0 || col >= r.original.cols()) return {};
        const float w = r.original(row, col);
        const int group = m_packing->packed.groupOfColumn()[static_cast<std::size_t>(col)];
        QString text = QString("Original: row %1, column %2, weight %3").arg(row).arg(col).arg(static_cast<double>(w), 0, 'g', 5);
        if (group < 0) return text + (r.original.columnNnz(col) > 0 ? " (its column is in no group yet)" : " (all-zero column: needs no cell)");
        text += QString(", group %1").arg(group);
        if (w != 0.0f && r.pruned(row, col) == 0.0f) text += r.params.method == CombineMethod::NM ? " - pruned by N:M" : " - pruned by column combining";
        return text;
    }
    if (col < 0 || col >= r.packed.columns()) return {};
    const int source = r.packed.select()(row, col);
    const int group = r.packed.groupOfArrayColumn()[static_cast<std::size_t>(col)];
    // An N:M group spans several array columns: name both.
    const QString where = r.packed.lanes() > 1 ? QString("array column %1 (group %2)").arg(col).arg(group) : QString("group %1").arg(col);
    if (source < 0) return QString("Packed: row %1, %2: empty cell").arg(row).arg(where);
    return QString("Packed: row %1, %2, weight %3, multiplexer selects column %4")
        .arg(row)
        .arg(where)
        .arg(static_cast<double>(r.packed.weights()(row, col)), 0, 'g', 5)
        .arg(source);
}

} // namespace colcomb::ui
