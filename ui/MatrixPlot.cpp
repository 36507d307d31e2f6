#include "MatrixPlot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

namespace {

// Twelve colours that stay distinguishable side by side (ColorBrewer "Paired", reordered so that
// neighbouring groups contrast).
const QColor kGroupColours[] = {
    QColor(31, 120, 180), QColor(255, 127, 0),  QColor(51, 160, 44),  QColor(227, 26, 28),
    QColor(106, 61, 154), QColor(177, 89, 40),  QColor(166, 206, 227), QColor(253, 191, 111),
    QColor(178, 223, 138), QColor(251, 154, 153), QColor(202, 178, 214), QColor(200, 200, 60),
};
constexpr int kGroupColourCount = static_cast<int>(std::size(kGroupColours));
const QColor kPrunedColour(20, 20, 20);

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

QCPColorGradient weightGradient()
{
    QCPColorGradient g(QCPColorGradient::gpPolar);
    g.setNanHandling(QCPColorGradient::nhTransparent);
    return g;
}

QCPColorGradient prunedGradient()
{
    QCPColorGradient g;
    g.clearColorStops();
    g.setColorStopAt(0.0, kPrunedColour);
    g.setColorStopAt(1.0, kPrunedColour);
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
// A matrix up to this many cells is drawn whole, cell by cell, at any zoom; a larger one window
// by window.
constexpr long long kWholeMatrixCells = 1'000'000;
// Tile lines closer than this are thinned.
constexpr double kMinLineSpacingPx = 10.0;

double categoryOf(int group) { return static_cast<double>(group % kGroupColourCount); }

} // namespace

MatrixPlot::MatrixPlot(Kind kind, QWidget* parent)
    : QWidget(parent), m_kind(kind), m_plot(new QCustomPlot(this)), m_cells(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)),
      m_pruned(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)), m_title(new QCPTextElement(m_plot, QString(), QFont(font().family(), 11, QFont::Bold))),
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
    m_plot->xAxis->setLabel(kind == Kind::Original ? "column (input channel x kernel position)" : "group (array column)");
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

MatrixPlot::~MatrixPlot() { m_densityWatcher.waitForFinished(); }

int MatrixPlot::matrixCols() const { return m_kind == Kind::Original ? m_packing->original.cols() : m_packing->packed.groupCount(); }

void MatrixPlot::showPacking(const PackingPtr& packing, CellColouring colouring)
{
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
    refill();
    m_plot->replot();
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

void MatrixPlot::updateTitle()
{
    const PackingResult& r = *m_packing;
    const QLocale locale;
    const int cols = m_kind == Kind::Original ? r.original.cols() : r.packed.groupCount();
    QString text = QString(m_kind == Kind::Original ? "Original filter matrix: %1 x %2" : "Packed: %1 x %2 groups")
                       .arg(locale.toString(r.original.rows()), locale.toString(cols));
    text += "\n" + QString(m_kind == Kind::Original ? "%1 nonzeros" : "%1 weights")
                       .arg(locale.toString(m_kind == Kind::Original ? r.metrics.nnzBefore : r.metrics.nnzAfter));
    if (m_aggregated) text += QString(", density per %1 x %2 cells (zoom in for weights)").arg(m_shownBins.height()).arg(m_shownBins.width());
    m_title->setText(text);
}

void MatrixPlot::useCellColouring(const PackingResult& r)
{
    if (m_colouring == CellColouring::Groups) {
        m_cells->setGradient(categoryGradient());
        m_cells->setDataRange(QCPRange(-0.5, kGroupColourCount - 0.5));
    } else {
        const float largest = std::max(r.original.weights().cwiseAbs().maxCoeff(), 1e-12f);
        m_cells->setGradient(weightGradient());
        m_cells->setDataRange(QCPRange(-largest, largest));
    }
}

void MatrixPlot::fillOriginal(const PackingResult& r, MatrixWindow w)
{
    useCellColouring(r);
    for (QCPColorMap* map : {m_cells, m_pruned}) {
        map->data()->setSize(w.cols, w.rows);
        map->data()->setRange(QCPRange(w.col0, w.col0 + std::max(w.cols - 1, 1)), QCPRange(w.row0, w.row0 + std::max(w.rows - 1, 1)));
        map->data()->fill(kNan);
    }
    for (int row = w.row0; row < w.row0 + w.rows; ++row) {
        for (int col = w.col0; col < w.col0 + w.cols; ++col) {
            const float v = r.original(row, col);
            if (v == 0.0f) continue;
            if (r.pruned(row, col) == 0.0f) m_pruned->data()->setCell(col - w.col0, row - w.row0, 1.0);
            else
                m_cells->data()->setCell(col - w.col0, row - w.row0,
                                         m_colouring == CellColouring::Groups ? categoryOf(m_packing->packed.groupOfColumn()[static_cast<std::size_t>(col)]) : v);
        }
    }
}

void MatrixPlot::fillPacked(const PackingResult& r, MatrixWindow w)
{
    useCellColouring(r);
    m_pruned->data()->setSize(1, 1);
    m_pruned->data()->fill(kNan);
    m_cells->data()->setSize(std::max(w.cols, 1), w.rows);
    m_cells->data()->setRange(QCPRange(w.col0, w.col0 + std::max(w.cols - 1, 1)), QCPRange(w.row0, w.row0 + std::max(w.rows - 1, 1)));
    m_cells->data()->fill(kNan);
    for (int row = w.row0; row < w.row0 + w.rows; ++row)
        for (int g = w.col0; g < w.col0 + w.cols; ++g)
            if (r.packed.select()(row, g) >= 0)
                m_cells->data()->setCell(g - w.col0, row - w.row0, m_colouring == CellColouring::Groups ? categoryOf(g) : r.packed.weights()(row, g));
}

void MatrixPlot::fillDensity(const DensityGrid& grid)
{
    float densest = 0.0f;
    for (float d : grid.density) densest = std::max(densest, d);
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
        if (group < 0) return text + " (all-zero column: needs no cell)";
        text += QString(", group %1").arg(group);
        if (w != 0.0f && r.pruned(row, col) == 0.0f) text += " - pruned by column combining";
        return text;
    }
    if (col < 0 || col >= r.packed.groupCount()) return {};
    const int source = r.packed.select()(row, col);
    if (source < 0) return QString("Packed: row %1, group %2: empty cell").arg(row).arg(col);
    return QString("Packed: row %1, group %2, weight %3, multiplexer selects column %4")
        .arg(row)
        .arg(col)
        .arg(static_cast<double>(r.packed.weights()(row, col)), 0, 'g', 5)
        .arg(source);
}

} // namespace colcomb::ui
