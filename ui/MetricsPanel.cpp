#include "MetricsPanel.h"
#include "Notices.h"

#include "StudioSettings.h"

#include <QAction>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace colcomb::ui {

namespace {
QString percent(double v) { return QString::number(v * 100.0, 'f', 1) + "%"; }
QString times(double after, double before) { return before > 0 ? QString::fromUtf8("\u00d7 %1").arg(after / before, 0, 'f', 2) : QString(); }
// Counts exactly, with separators (325,417): the columns fit their contents.
QString count(long long v) { return QLocale().toString(v); }
} // namespace

MetricsPanel::MetricsPanel(QWidget* parent) : QWidget(parent), m_shape(new QLabel), m_note(new QLabel), m_table(new QTableWidget(RowCount, 3))
{
    m_table->setObjectName("metricsTable");
    m_table->setHorizontalHeaderLabels({"before", "after", "change"});
    // Each column as wide as its widest value, so that no count is cut ("-12,..."); the last takes the rest.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_shape->setObjectName("matrixShape");
    m_shape->setWordWrap(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copy = new QAction("Copy as CSV", m_table);
    auto* save = new QAction("Export CSV...", m_table);
    m_table->addAction(copy);
    m_table->addAction(save);
    auto* copyButton = new QPushButton("Copy");
    copyButton->setObjectName("copyMetrics");
    copyButton->setToolTip("Copy the metrics as CSV (paste into a spreadsheet)");
    auto* saveButton = new QPushButton("Export CSV...");
    saveButton->setObjectName("exportMetrics");
    saveButton->setToolTip("Save the metrics as a CSV file, with the exact counts");
    for (QPushButton* b : {copyButton, saveButton}) b->setFocusPolicy(Qt::NoFocus);
    connect(copy, &QAction::triggered, this, &MetricsPanel::copyCsv);
    connect(copyButton, &QPushButton::clicked, this, &MetricsPanel::copyCsv);
    connect(save, &QAction::triggered, this, &MetricsPanel::chooseAndExportCsv);
    connect(saveButton, &QPushButton::clicked, this, &MetricsPanel::chooseAndExportCsv);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(copyButton);
    buttons->addWidget(saveButton);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_shape);
    m_note->setObjectName("metricsNote");
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    layout->addWidget(m_note);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    for (int r = 0; r < RowCount; ++r) m_csvRows << QString();
    // The names show before any layer is open (and after one failed to).
    const char* names[] = {"", "array columns", "groups lower bound", "nonzero weights", "|w| kept", "utilization efficiency", "tiles", "conflict budget"};
    for (int r = 0; r < RowCount; ++r) m_table->setVerticalHeaderItem(r, new QTableWidgetItem(names[r]));
    m_table->hideRow(Matrix);  // shown as the line above the table
}

void MetricsPanel::setRow(Row row, const QString& name, const QString& before, const QString& after, const QString& change, const QString& tip,
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
    // CSV carries the exact values where the cell abbreviates them.
    QStringList fields{name};
    for (int c = 0; c < 3; ++c) fields << (exact.section('|', c, c).isEmpty() ? cells[c] : exact.section('|', c, c));
    for (QString& f : fields)
        if (f.contains(',') || f.contains('"')) f = '"' + QString(f).replace("\"", "\"\"") + '"';
    m_csvRows[row] = fields.join(',');
}

void MetricsPanel::showPacking(const PackingPtr& packing, const QString& tensorShape)
{
    if (!packing) {
        m_table->clearContents();
        m_shape->clear();
        for (QString& r : m_csvRows) r.clear();
        return;
    }
    const PackingMetrics& m = packing->metrics;
    const QString tiles = QString("tiles (%1x%2)").arg(packing->params.array.rows).arg(packing->params.array.cols);
    // The shape is a line of its own: "256 x 1152" in a table cell would squeeze the numbers.
    const QString shape = QString("%1 x %2").arg(packing->original.rows()).arg(packing->original.cols());
    const QString packedShape = QString("%1 x %2").arg(packing->original.rows()).arg(m.arrayColumns);
    m_shape->setText(tensorShape.isEmpty() ? QString("Filter matrix %1, packed %2").arg(shape, packedShape)
                                           : QString("Weight %1 as filter matrix %2, packed %3").arg(tensorShape, shape, packedShape));
    m_shape->setToolTip(tensorShape.isEmpty() ? QString("Filters (rows) x columns; packed: filters x column groups")
                                              : QString("The weight tensor %1 (filters, input channels, kernel height, kernel width) "
                                                        "flattened to filters x (input channels x kernel positions) = %2, as the paper "
                                                        "packs it; packed: filters x column groups")
                                                    .arg(tensorShape, shape));
    m_csvRows[Matrix] = QString("filter matrix,%1,%2,%3").arg(shape, packedShape, tensorShape.isEmpty() ? QString() : "\"weight " + tensorShape + "\"");
    setRow(ArrayColumns, "array columns", count(m.nonzeroColumns), count(m.arrayColumns), times(m.arrayColumns, m.nonzeroColumns),
           m.arrayColumns == m.groups ? QString("Nonzero columns before; column groups after (all-zero columns need no cell)")
                                      : QString("Nonzero columns before; after, %1 groups of N:M, each taking N array columns").arg(m.groups),
           QString("%1|%2|").arg(m.nonzeroColumns).arg(m.arrayColumns));
    const long long over = m.groups - m.groupsLowerBound.value();
    // Fixed groups and N:M do not search, so no bound on a search's groups applies to them.
    if (isStructural(packing->params.method))
        setRow(LowerBound, "groups lower bound", QString(), QString::fromUtf8("\u2013"), QString(),
               "Fixed groups and N:M take their groups from the layer's structure (M channels at one kernel position): no search, no bound", QString("||"));
    else
    setRow(LowerBound, "groups lower bound", QString(), count(m.groupsLowerBound.value()),
           m.groupsLowerBound.value() <= 0 ? QString() : QString("+%1").arg(count(over)),
           QString("No packing under these alpha and gamma can use fewer groups (capacity %1, rows %2, clique %3%4). "
                   "The change column says how many groups this packing uses beyond that bound: +0 means none, "
                   "so no grouping with fewer groups exists")
               .arg(m.groupsLowerBound.capacity)
               .arg(m.groupsLowerBound.rows)
               .arg(m.groupsLowerBound.clique)
               .arg(m.groupsLowerBound.proof > 0 ? QString(", proved by the exact solve %1").arg(m.groupsLowerBound.proof) : QString()));
    setRow(Nonzeros, "nonzero weights", count(m.nnzBefore), count(m.nnzAfter), m.pruned > 0 ? QString::fromUtf8("\u2212%1").arg(count(m.pruned)) : QString("none"),
           "Weights removed by column-combine pruning", QString("%1|%2|%3").arg(m.nnzBefore).arg(m.nnzAfter).arg(m.pruned > 0 ? -m.pruned : 0));
    setRow(WeightKept, "|w| kept", QString(), percent(m.weightKeptFraction), QString(), "Sum of |w| kept over sum of |w| before");
    setRow(UtilizationEfficiency, "utilization efficiency", percent(m.utilizationBefore), percent(m.utilizationAfter),
           times(m.utilizationAfter, m.utilizationBefore),
           "The paper's utilization efficiency: nonzero weights / cells the matrix occupies (nonempty rows x nonzero "
           "columns before, x groups after). How full the packed matrix is, not how busy the array is over time: "
           "that is the MAC utilization on the Systolic array tab");
    setRow(Tiles, tiles, count(m.tilesBefore), count(m.tilesAfter), times(static_cast<double>(m.tilesAfter), static_cast<double>(m.tilesBefore)),
           "Array-sized tiles needed to hold the matrix", QString("%1|%2").arg(m.tilesBefore).arg(m.tilesAfter));
    setRow(ConflictBudget, "conflict budget", QString(), count(m.conflictBudget), QString(),
           "floor(gamma x rows): the most conflicts (rows where two columns of a group both hold a weight) a group may have");
    // The panel asks for the room its exact numbers need, so that the side widens rather than cut them.
    m_table->resizeColumnsToContents();
    int width = m_table->verticalHeader()->sizeHint().width() + 2 * m_table->frameWidth() + 4;
    for (int c = 0; c < m_table->columnCount(); ++c) width += m_table->horizontalHeader()->sectionSizeHint(c);
    m_table->setMinimumWidth(width);
}

QString MetricsPanel::text(Row row, int column) const
{
    const QTableWidgetItem* item = m_table->item(row, column);
    return item ? item->text() : QString();
}

QString MetricsPanel::csv() const
{
    QString out = "metric,before,after,change\n";
    for (const QString& r : m_csvRows)
        if (!r.isEmpty()) out += r + "\n";
    return out;
}

QString MetricsPanel::exportCsvTo(const QString& path) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return path + ": cannot write: " + file.errorString();
    file.write(csv().toUtf8());
    if (!file.commit()) return path + ": cannot write: " + file.errorString();
    return {};
}

void MetricsPanel::copyCsv() { QGuiApplication::clipboard()->setText(csv()); }

void MetricsPanel::chooseAndExportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, "Export metrics", QDir(lastFolder("metrics")).filePath("colcomb-metrics.csv"), "CSV (*.csv)");
    if (path.isEmpty()) return;
    rememberFolder("metrics", path);
    if (const QString error = exportCsvTo(path); !error.isEmpty()) showError(this, "Export failed", error);
}

void MetricsPanel::bind(LayerDocument& layer)
{
    connect(&layer, &LayerDocument::packingChanged, this, [this, &layer] { showPacking(layer.packing(), layer.tensorShape()); });
    showPacking(layer.packing(), layer.tensorShape());
}

void MetricsPanel::setNote(const QString& note)
{
    m_note->setText("<i>" + note.toHtmlEscaped() + "</i>");
    m_note->setVisible(!note.isEmpty());
}

QString MetricsPanel::note() const { return m_note->isVisible() ? m_note->text() : QString(); }

} // namespace colcomb::ui
