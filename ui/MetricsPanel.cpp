#include "MetricsPanel.h"

#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {
QString percent(double v) { return QString::number(v * 100.0, 'f', 1) + "%"; }
QString times(double after, double before) { return before > 0 ? QString::fromUtf8("\u00d7 %1").arg(after / before, 0, 'f', 2) : QString(); }
} // namespace

MetricsPanel::MetricsPanel(QWidget* parent) : QWidget(parent), m_table(new QTableWidget(7, 3))
{
    m_table->setObjectName("metricsTable");
    m_table->setHorizontalHeaderLabels({"before", "after", "change"});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
}

void MetricsPanel::setRow(int row, const QString& name, const QString& before, const QString& after, const QString& change, const QString& tip)
{
    auto* header = new QTableWidgetItem(name);
    header->setToolTip(tip);
    m_table->setVerticalHeaderItem(row, header);
    const QString cells[] = {before, after, change};
    for (int c = 0; c < 3; ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(tip);
        m_table->setItem(row, c, item);
    }
}

void MetricsPanel::showPacking(const PackingPtr& packing)
{
    const PackingMetrics& m = packing->metrics;
    const QString tiles = QString("tiles (%1x%2)").arg(packing->params.array.rows).arg(packing->params.array.cols);
    setRow(0, "array columns", QString::number(m.nonzeroColumns), QString::number(m.groups), times(m.groups, m.nonzeroColumns),
           "Nonzero columns before; column groups after (all-zero columns need no cell)");
    setRow(1, "groups lower bound", QString(), QString::number(m.groupsLowerBound.value()),
           m.groupsLowerBound.value() > 0 ? QString("%1 over").arg(m.groups - m.groupsLowerBound.value()) : QString(),
           QString("No packing under these alpha and gamma can use fewer groups (capacity %1, rows %2, clique %3)")
               .arg(m.groupsLowerBound.capacity)
               .arg(m.groupsLowerBound.rows)
               .arg(m.groupsLowerBound.clique));
    setRow(2, "nonzero weights", QString::number(m.nnzBefore), QString::number(m.nnzAfter),
           m.pruned > 0 ? QString::fromUtf8("\u2212%1").arg(m.pruned) : QString("none"), "Weights removed by column-combine pruning");
    setRow(3, "|w| kept", QString(), percent(m.weightKeptFraction), QString(), "Sum of |w| kept over sum of |w| before");
    setRow(4, "utilization", percent(m.utilizationBefore), percent(m.utilizationAfter), times(m.utilizationAfter, m.utilizationBefore),
           "Nonzero weights / cells occupied (nonempty rows x columns or groups)");
    setRow(5, tiles, QString::number(m.tilesBefore), QString::number(m.tilesAfter), times(static_cast<double>(m.tilesAfter), static_cast<double>(m.tilesBefore)),
           "Array-sized tiles needed to hold the matrix");
    setRow(6, "conflict budget", QString(), QString::number(m.conflictBudget), QString(), "floor(gamma x rows): most conflicts per group");
}

QString MetricsPanel::text(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace colcomb::ui
