#include "ResultsPanel.h"

#include "EnergyText.h"

#include <algorithm>
#include <cmath>

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace colcomb::ui {


ResultsPanel::ResultsPanel(QWidget* parent) : QWidget(parent), m_table(new QTableWidget(6, 4)), m_status(new QLabel)
{
    m_table->setObjectName("resultsTable");
    m_table->setHorizontalHeaderLabels({"packed", "unpacked", "dense", QString::fromUtf8("vs unp.")});
    m_table->horizontalHeaderItem(3)->setToolTip("packed / unpacked");
    m_table->setVerticalHeaderLabels({"layer on array", "cycles", "MAC utilization", "tiles", "energy (µJ)", "latency (us)"});
    const char* tips[] = {
        "Filters x array columns the layer takes: groups when packed, nonzero columns unpacked, every column dense",
        "Clock cycles to run all input vectors through every tile, weight loading included",
        "Useful MACs / (cells x cycles): how busy the array's cells are over the whole run. Not the matrix's "
        "utilization efficiency on the Filter matrices tab: a small layer on a large array keeps most cells idle however "
        "well it is packed",
        "Array-sized tiles the layer is split into",
        "Energy of the run, all the input vectors below, under the cost model (MACs, multiplexers, register and memory traffic); "
        "in µJ as the Network tab, whose figures are per sample (the layer's output positions as vectors)",
        "Cycles at the array's clock",
    };
    for (int r = 0; r < 6; ++r) m_table->verticalHeaderItem(r)->setToolTip(tips[r]);
    m_table->horizontalHeaderItem(0)->setToolTip("The layer packed by column combining");
    m_table->horizontalHeaderItem(1)->setToolTip("One array column per nonzero column (pruned, not combined)");
    m_table->horizontalHeaderItem(2)->setToolTip("Every column, zeros included");
    // Whole values beside free space: columns fit their contents, the ratio column takes the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setMaximumHeight(215);
    m_table->setWordWrap(false);
    m_status->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addWidget(m_status);
}

void ResultsPanel::showBusy() { m_status->setText("Simulating the layer and its baselines..."); }

void ResultsPanel::showError(const QString& message) { m_status->setText("Simulation failed: " + message); }

void ResultsPanel::showComparison(const ArrayComparison& c)
{
    const ArrayRun* runs[] = {&c.packed, &c.unpacked, &c.dense};
    const auto set = [this](int row, int col, const QString& text) {
        auto* item = new QTableWidgetItem(text);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, col, item);
    };
    for (int k = 0; k < 3; ++k) {
        const ArrayRun& r = *runs[k];
        set(0, k, QString("%1 x %2").arg(r.layer.rows()).arg(r.layer.groupCount()));
        set(1, k, QString::number(r.sim.cycles));
        set(2, k, QString::number(r.sim.utilization * 100.0, 'f', 1) + "%");
        set(3, k, QString::number(r.sim.tiles.size()));
        set(4, k, microjoules(r.cost.energyPj()));
        // The energy by component, on the number it adds up to.
        m_table->item(4, k)->setToolTip(energyBreakdownText(QString::fromStdString(memoryScenarioText(c.costs.memory)), r.cost.energy));
        set(5, k, QString::number(r.cost.latencyUs, 'f', 2));
    }
    const auto ratio = [](double a, double b) { return b > 0 ? QString::fromUtf8("\u00d7 %1").arg(a / b, 0, 'f', 2) : QString(); };
    set(0, 3, QString());
    set(1, 3, ratio(c.packed.sim.cycles, c.unpacked.sim.cycles));
    set(2, 3, ratio(c.packed.sim.utilization, c.unpacked.sim.utilization));
    set(3, 3, ratio(static_cast<double>(c.packed.sim.tiles.size()), static_cast<double>(c.unpacked.sim.tiles.size())));
    set(4, 3, ratio(c.packed.cost.energyPj(), c.unpacked.cost.energyPj()));
    set(5, 3, ratio(c.packed.cost.latencyUs, c.unpacked.cost.latencyUs));
    const bool verified = c.packed.sim.verified && c.unpacked.sim.verified && c.dense.sim.verified;
    m_status->setText(QString("%1 input vectors, %2-bit data, %3, energy with %4. %5")
                          .arg(c.inputs.rows())
                          .arg(c.config.dataBits)
                          .arg(macModeName(c.config.mac))
                          .arg(QString::fromStdString(memoryScenarioText(c.costs.memory)))
                          .arg(verified ? QString::fromUtf8("\u2714 Every simulated output equals the exact integer product.")
                                        : QString("MISMATCH: %1 outputs differ from the reference, %2 overflows.")
                                              .arg(c.packed.sim.mismatches)
                                              .arg(c.packed.sim.counters.overflows)));
}

QString ResultsPanel::text(int row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

} // namespace colcomb::ui
