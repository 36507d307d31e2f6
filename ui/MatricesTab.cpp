#include "MatricesTab.h"

#include "AnimationExport.h"
#include "FigureFiles.h"
#include "PackingStepsPanel.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>
#include <QProgressDialog>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {

// The legend as rich text: swatches, then the words they share.
QString legendHtml(const QList<LegendEntry>& entries)
{
    QString html;
    for (const LegendEntry& e : entries) {
        html += e.dashed ? QString("<span style='color:%1'>- - -</span>").arg(e.colour.name())
                         : QString("<span style='color:%1'>&#9632;</span>").arg(e.colour.name());
        if (!e.text.isEmpty()) html += " " + e.text.toHtmlEscaped() + " &nbsp;&nbsp; ";
    }
    return html + "<i>wheel: zoom, drag: pan, hover: details</i>";
}

} // namespace

MatricesTab::MatricesTab(SteppingJob* stepping, QWidget* parent)
    : QWidget(parent), m_original(new MatrixPlot(MatrixPlot::Kind::Original)), m_packed(new MatrixPlot(MatrixPlot::Kind::Packed)),
      m_plots(new QSplitter(Qt::Horizontal)), m_steps(new PackingStepsPanel(stepping)), m_legend(new QLabel), m_colouring(new QComboBox)
{
    m_plots->addWidget(m_original);
    m_plots->addWidget(m_packed);
    m_plots->setStretchFactor(0, 3);
    m_plots->setStretchFactor(1, 2);
    m_legend->setObjectName("legend");
    m_legend->setWordWrap(true);
    m_steps->setVisible(false);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_plots, 1);
    layout->addWidget(m_steps);
    layout->addWidget(m_legend);

    m_colouring->addItem("Colour by group", static_cast<int>(CellColouring::Groups));
    m_colouring->addItem("Colour by group size", static_cast<int>(CellColouring::GroupSize));
    m_colouring->addItem("Colour by weight", static_cast<int>(CellColouring::Weights));
    m_colouring->setItemData(0, "A colour per column group (20 colours, repeating past 20 groups)", Qt::ToolTipRole);
    m_colouring->setItemData(1, "How many columns each cell's group combines, 1 to alpha", Qt::ToolTipRole);
    m_colouring->setItemData(2, "The signed weight: blue negative, red positive, centred on zero", Qt::ToolTipRole);
    m_colouring->setToolTip("What the cell colours show: column group, group size or signed weight");
    m_colouring->setObjectName("colouringCombo");
    connect(m_colouring, &QComboBox::currentIndexChanged, this, [this] { m_stepping ? drawStepFrame() : showPacking(); });

    for (MatrixPlot* plot : {m_original, m_packed}) {
        connect(plot, &MatrixPlot::cellHovered, this, [this](const QString& text, int row, int originalColumn) {
            emit hovered(text);
            markWeight(row, originalColumn);
        });
        connect(plot, &MatrixPlot::weightClicked, this, &MatricesTab::weightClicked);
    }
    for (auto [from, to] : {std::pair{m_original, m_packed}, std::pair{m_packed, m_original}})
        for (QCPAxis* axis : {from->plot()->xAxis, from->plot()->yAxis})
            connect(axis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this, from, to] {
                if (m_syncZoom) syncZoom(from, to);
            });
    connect(m_steps, &PackingStepsPanel::frameChanged, this, &MatricesTab::drawStepFrame);

    // Space and arrows drive the steps while they show here (the array tab has its own).
    const auto stepKey = [this](QKeySequence key, auto slot) {
        auto* shortcut = new QShortcut(key, this);
        shortcut->setEnabled(false);
        connect(shortcut, &QShortcut::activated, m_steps, slot);
        m_stepKeys.append(shortcut);
    };
    stepKey(Qt::Key_Space, [this] { m_steps->isPlaying() ? m_steps->pause() : m_steps->play(); });
    stepKey(Qt::Key_Right, [this] { m_steps->stepForward(); });
    stepKey(Qt::Key_Left, [this] { m_steps->stepBack(); });
    stepKey(Qt::Key_Home, [this] { m_steps->seek(0); });
    stepKey(Qt::Key_End, [this] { m_steps->seek(m_steps->stepCount()); });
}

void MatricesTab::bind(LayerDocument& layer)
{
    m_layer = &layer;
    connect(&layer, &LayerDocument::packingChanged, this, &MatricesTab::showPacking);
    showPacking();  // or the empty state
}

void MatricesTab::showPacking()
{
    const PackingPtr packing = m_layer ? m_layer->packing() : nullptr;
    emit hovered({});  // it described a cell of the previous matrix
    m_original->setTensorShape(m_layer ? m_layer->tensorShape() : QString());
    if (m_stepping) {
        m_steps->setPacking(packing);  // the plots show its steps
        return;
    }
    draw(packing);
}

void MatricesTab::draw(const PackingPtr& packing)
{
    const auto colouring = static_cast<CellColouring>(m_colouring->currentData().toInt());
    {
        // The original plot keeps the user's zoom; the packed one follows it below.
        const QScopedValueRollback<bool> quiet(m_syncing, true);
        m_original->showPacking(packing, colouring);
        m_packed->showPacking(packing, colouring);
    }
    if (m_syncZoom) syncZoom(m_original, m_packed);
    m_legend->setText(legendHtml(m_original->legend()));
}

void MatricesTab::setStepping(bool on)
{
    if (on == m_stepping) return;
    m_stepping = on;
    m_steps->setVisible(on);
    if (on) {
        m_steps->setPacking(m_layer ? m_layer->packing() : nullptr);
        if (m_steps->isReady()) drawStepFrame();
    } else {
        m_steps->pause();
        for (MatrixPlot* plot : {m_original, m_packed}) plot->setHighlight({}, {});
        showPacking();
    }
    updateStepKeys();
}

void MatricesTab::drawStepFrame()
{
    if (!m_stepping) return;
    const StepFrame& frame = m_steps->frame();
    draw(frame.packing);
    for (MatrixPlot* plot : {m_original, m_packed}) plot->setHighlight(frame.columns, frame.conflicts);
}

void MatricesTab::setZoomSynchronised(bool on)
{
    m_syncZoom = on;
    if (on) syncZoom(m_original, m_packed);
}

void MatricesTab::resetZoom()
{
    m_original->resetView();
    m_packed->resetView();
}

void MatricesTab::syncZoom(MatrixPlot* from, MatrixPlot* to)
{
    if (m_syncing || from->columnCount() == 0 || to->columnCount() == 0) return;
    const QScopedValueRollback<bool> quiet(m_syncing, true);
    // Rows are the same filters in both; columns map by their share of the width.
    const double fromCols = from->columnCount();
    const double toCols = to->columnCount();
    const QCPRange x = from->plot()->xAxis->range();
    const auto map = [&](double c) { return (c + 0.5) * toCols / fromCols - 0.5; };
    to->plot()->xAxis->setRange(map(x.lower), map(x.upper));
    to->plot()->yAxis->setRange(from->plot()->yAxis->range());
    to->plot()->replot(QCustomPlot::rpQueuedReplot);
}

void MatricesTab::markWeight(int row, int originalColumn)
{
    m_original->markWeight(row, originalColumn);
    m_packed->markWeight(row, originalColumn);
}

QString MatricesTab::exportFigureTo(const QString& path) const
{
    if (!m_layer || !m_layer->packing()) return path + ": nothing to export: no layer is open";
    const FigureCaption caption{m_original->legend(), parametersText(m_layer->params(), m_layer->usesTrainedGroups() && m_layer->hasTrainedGroups())};
    return exportFigure({m_original->plot(), m_packed->plot()}, QSize(700, 520), path, caption);
}

QString MatricesTab::exportPrintFigureTo(const QString& path, const PrintSize& size) const
{
    if (!m_layer || !m_layer->packing()) return path + ": nothing to export: no layer is open";
    return writeMatrixFigure(m_layer->packing(), size, path);
}

QString MatricesTab::exportStepsTo(const QString& path, bool gif, QSize size, int delayMs)
{
    if (!m_stepping || !m_steps->isReady()) return path + ": nothing to export: step through a packing first";
    const int shown = m_steps->position();
    QProgressDialog progress("Rendering steps...", "Cancel", 0, m_steps->stepCount() + 1, this);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    // The plots draw each frame, so this runs on the UI thread, keeping the window alive.
    const AnimationOutcome outcome = writeFrames(
        {path, gif, 0, 0, size, delayMs, {}}, m_steps->stepCount() + 1,
        [&](int k) {
            m_steps->seek(k);
            return renderFigure({m_original->plot(), m_packed->plot()}, size, {{}, m_steps->frame().caption});
        },
        [&](int done, int) {
            progress.setValue(done);
            QCoreApplication::processEvents();
            return !progress.wasCanceled();
        },
        matrixColours());
    m_steps->seek(shown);
    return outcome.error;
}

void MatricesTab::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    updateStepKeys();
}

void MatricesTab::hideEvent(QHideEvent* event)
{
    QWidget::hideEvent(event);
    updateStepKeys();
}

void MatricesTab::updateStepKeys()
{
    for (QShortcut* key : m_stepKeys) key->setEnabled(m_stepping && isVisible());
}

} // namespace colcomb::ui
