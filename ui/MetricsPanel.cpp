#include "MetricsPanel.h"

#include <QHeaderView>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {
QString percent(double v) { return QString::number(v * 100.0, 'f', 1) + "%"; }
QString times(double after, double before) { return before > 0 ? QString::fromUtf8("\u00d7 %1").arg(after / before, 0, 'f', 2) : QString(); }
// Counts fit their cell: 18,432 with separators, 963 k and 3.78 M when larger (the tooltip has every digit).
QString count(long long v)
{
    if (std::llabs(v) >= 1'000'000) return QLocale().toString(static_cast<double>(v) / 1e6, 'f', 2) + " M";
    if (std::llabs(v) >= 100'000) return QLocale().toString(static_cast<double>(v) / 1e3, 'f', 0) + " k";
    return QLocale().toString(v);
}
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

void MetricsPanel::setRow(int row, const QString& name, const QString& before, const QString& after, const QString& change, const QString& tip,
                          const QString& exact)
{
    auto* header = new QTableWidgetItem(name);
    header->setToolTip(tip);
    m_table->setVerticalHeaderItem(row, header);
    const QString cells[] = {before, after, change};
    for (int c = 0; c < 3; ++c) {
        auto* item = new QTableWidgetItem(cells[c]);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(exact.section('|', c, c).isEmpty() ? tip : tip + "\n" + exact.section('|', c, c));
        m_table->setItem(row, c, item);
    }
}

void MetricsPanel::showPacking(const PackingPtr& packing)
{
    const PackingMetrics& m = packing->metrics;
    const QString tiles = QString("tiles (%1x%2)").arg(packing->params.array.rows).arg(packing->params.array.cols);
    setRow(0, "array columns", count(m.nonzeroColumns), count(m.groups), times(m.groups, m.nonzeroColumns),
           "Nonzero columns before; column groups after (all-zero columns need no cell)");
    setRow(1, "groups lower bound", QString(), count(m.groupsLowerBound.value()),
           m.groupsLowerBound.value() > 0 ? QString("%1 over").arg(count(m.groups - m.groupsLowerBound.value())) : QString(),
           QString("No packing under these alpha and gamma can use fewer groups (capacity %1, rows %2, clique %3); "
                   "'over' is how many groups this packing uses beyond that bound")
               .arg(m.groupsLowerBound.capacity)
               .arg(m.groupsLowerBound.rows)
               .arg(m.groupsLowerBound.clique));
    setRow(2, "nonzero weights", count(m.nnzBefore), count(m.nnzAfter), m.pruned > 0 ? QString::fromUtf8("\u2212%1").arg(count(m.pruned)) : QString("none"),
           "Weights removed by column-combine pruning", QString("%1|%2|%3").arg(m.nnzBefore).arg(m.nnzAfter).arg(m.pruned));
    setRow(3, "|w| kept", QString(), percent(m.weightKeptFraction), QString(), "Sum of |w| kept over sum of |w| before");
    setRow(4, "utilization", percent(m.utilizationBefore), percent(m.utilizationAfter), times(m.utilizationAfter, m.utilizationBefore),
           "Nonzero weights / cells occupied (nonempty rows x columns or groups)");
    setRow(5, tiles, count(m.tilesBefore), count(m.tilesAfter), times(static_cast<double>(m.tilesAfter), static_cast<double>(m.tilesBefore)),
           "Array-sized tiles needed to hold the matrix", QString("%1|%2").arg(m.tilesBefore).arg(m.tilesAfter));
    setRow(6, "conflict budget", QString(), count(m.conflictBudget), QString(), "floor(gamma x rows): most conflicts per group");
}

QString MetricsPanel::text(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace colcomb::ui
