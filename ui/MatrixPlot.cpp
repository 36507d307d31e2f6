#include "MatrixPlot.h"

#include <qcustomplot.h>

#include <QVBoxLayout>

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

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

double categoryOf(int group) { return static_cast<double>(group % kGroupColourCount); }

} // namespace

MatrixPlot::MatrixPlot(Kind kind, QWidget* parent)
    : QWidget(parent), m_kind(kind), m_plot(new QCustomPlot(this)), m_cells(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)),
      m_pruned(new QCPColorMap(m_plot->xAxis, m_plot->yAxis)), m_title(new QCPTextElement(m_plot, QString(), QFont(font().family(), 11, QFont::Bold)))
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
    }
    m_cells->setInterpolate(false);
    m_pruned->setInterpolate(false);
    m_pruned->setGradient(prunedGradient());
    m_pruned->setDataRange(QCPRange(0.0, 1.0));
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &MatrixPlot::describeCellAt);
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        if (!m_packing || event->button() != Qt::LeftButton) return;
        const auto [row, column] = weightAt(event);
        if (row >= 0) emit weightClicked(row, column);
    });
}

void MatrixPlot::showPacking(const PackingPtr& packing, CellColouring colouring)
{
    const bool firstShow = !m_packing;
    const bool shapeChanged = firstShow || m_packing->original.rows() != packing->original.rows()
                              || m_packing->original.cols() != packing->original.cols();
    m_packing = packing;
    m_groupOfColumn.assign(static_cast<std::size_t>(packing->original.cols()), -1);
    const ColumnGroups& groups = packing->packed.groups();
    for (std::size_t g = 0; g < groups.size(); ++g)
        for (int c : groups[g]) m_groupOfColumn[static_cast<std::size_t>(c)] = static_cast<int>(g);

    if (colouring == CellColouring::Groups) {
        m_cells->setGradient(categoryGradient());
        m_cells->setDataRange(QCPRange(-0.5, kGroupColourCount - 0.5));
    } else {
        const float largest = packing->original.weights().cwiseAbs().maxCoeff();
        m_cells->setGradient(weightGradient());
        m_cells->setDataRange(QCPRange(-std::max(largest, 1e-12f), std::max(largest, 1e-12f)));
    }
    if (m_kind == Kind::Original) fillOriginal(*packing, colouring);
    else fillPacked(*packing, colouring);

    const int cols = m_kind == Kind::Original ? packing->original.cols() : packing->packed.groupCount();
    drawTileGrid(packing->original.rows(), cols, packing->params.array);
    // Keep the user's zoom while parameters change; refit when the layer itself changed or the
    // packed matrix changed width.
    if (shapeChanged || m_kind == Kind::Packed) resetView();
    m_plot->replot();
}

void MatrixPlot::resetView()
{
    if (!m_packing) return;
    const int cols = m_kind == Kind::Original ? m_packing->original.cols() : m_packing->packed.groupCount();
    m_plot->xAxis->setRange(-0.5, std::max(cols, 1) - 0.5);
    m_plot->yAxis->setRange(-0.5, m_packing->original.rows() - 0.5);
    m_plot->replot();
}

void MatrixPlot::fillOriginal(const PackingResult& r, CellColouring colouring)
{
    const int rows = r.original.rows();
    const int cols = r.original.cols();
    m_title->setText(QString("Original filter matrix: %1 x %2, %3 nonzeros").arg(rows).arg(cols).arg(r.metrics.nnzBefore));
    for (QCPColorMap* map : {m_cells, m_pruned}) {
        map->data()->setSize(cols, rows);
        map->data()->setRange(QCPRange(0, std::max(cols - 1, 1)), QCPRange(0, std::max(rows - 1, 1)));
        map->data()->fill(kNan);
    }
    for (int row = 0; row < rows; ++row) {
        for (int col = 0; col < cols; ++col) {
            const float w = r.original(row, col);
            if (w == 0.0f) continue;
            if (r.pruned(row, col) == 0.0f) m_pruned->data()->setCell(col, row, 1.0);
            else m_cells->data()->setCell(col, row, colouring == CellColouring::Groups ? categoryOf(m_groupOfColumn[static_cast<std::size_t>(col)]) : w);
        }
    }
}

void MatrixPlot::fillPacked(const PackingResult& r, CellColouring colouring)
{
    const int rows = r.packed.rows();
    const int groups = r.packed.groupCount();
    m_title->setText(QString("Packed: %1 x %2 groups, %3 weights").arg(rows).arg(groups).arg(r.metrics.nnzAfter));
    m_pruned->data()->setSize(1, 1);
    m_pruned->data()->fill(kNan);
    m_cells->data()->setSize(std::max(groups, 1), rows);
    m_cells->data()->setRange(QCPRange(0, std::max(groups - 1, 1)), QCPRange(0, std::max(rows - 1, 1)));
    m_cells->data()->fill(kNan);
    for (int row = 0; row < rows; ++row)
        for (int g = 0; g < groups; ++g)
            if (r.packed.select()(row, g) >= 0)
                m_cells->data()->setCell(g, row, colouring == CellColouring::Groups ? categoryOf(g) : r.packed.weights()(row, g));
}

void MatrixPlot::drawTileGrid(int rows, int cols, ArrayShape array)
{
    m_plot->clearItems();
    const QPen pen(QColor(90, 90, 90, 170), 1.0, Qt::DashLine);
    const auto line = [&](double x0, double y0, double x1, double y1) {
        auto* item = new QCPItemLine(m_plot);
        item->setPen(pen);
        item->start->setCoords(x0, y0);
        item->end->setCoords(x1, y1);
    };
    // Tile boundaries fall between cells, hence the half offsets.
    for (int c = array.cols; c < cols; c += array.cols) line(c - 0.5, -0.5, c - 0.5, rows - 0.5);
    for (int r = array.rows; r < rows; r += array.rows) line(-0.5, r - 0.5, cols - 0.5, r - 0.5);
    QPen border(QColor(90, 90, 90));
    auto* frame = new QCPItemRect(m_plot);
    frame->setPen(border);
    frame->topLeft->setCoords(-0.5, -0.5);
    frame->bottomRight->setCoords(std::max(cols, 1) - 0.5, rows - 0.5);
    m_marker = new QCPItemRect(m_plot);
    m_marker->setPen(QPen(QColor(230, 0, 120), 2.5));
    m_marker->setVisible(false);
}

void MatrixPlot::markWeight(int row, int originalColumn)
{
    if (!m_packing || !m_marker) return;
    int col = originalColumn;
    if (m_kind == Kind::Packed && originalColumn >= 0) col = m_groupOfColumn[static_cast<std::size_t>(originalColumn)];
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
        const int group = m_groupOfColumn[static_cast<std::size_t>(col)];
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
