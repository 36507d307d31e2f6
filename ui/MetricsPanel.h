#pragma once
// The packing's numbers, before and after, with the change between them; copied or saved as CSV
// for a paper's table.
#include "LayerDocument.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace colcomb::ui {

class MetricsPanel : public QWidget {
    Q_OBJECT

public:
    // Matrix is the shape line above the table (a CSV row, no table row).
    enum Row { Matrix, ArrayColumns, LowerBound, Nonzeros, WeightKept, UtilizationEfficiency, Tiles, ConflictBudget, RowCount };

    explicit MetricsPanel(QWidget* parent = nullptr);
    // Shows the layer's packing, and each new one.
    void bind(LayerDocument& layer);
    // A null packing empties the table. `tensorShape` names the weight's shape when the matrix
    // was flattened from a tensor ("[64, 32, 3, 3]").
    void showPacking(const PackingPtr& packing, const QString& tensorShape = {});
    // A line under the shape saying what the numbers are of; empty hides it.
    void setNote(const QString& note);
    QString note() const;
    // The text of one cell: column 0 before, 1 after, 2 change.
    QString text(Row row, int column) const;
    // The table as CSV: a header line, then one line per metric (exact counts, not "3.78 M").
    QString csv() const;
    // Empty on success, otherwise the error naming the file.
    QString exportCsvTo(const QString& path) const;

private:
    void setRow(Row row, const QString& name, const QString& before, const QString& after, const QString& change, const QString& tip,
                const QString& exact = {});
    void copyCsv();
    void chooseAndExportCsv();

    QLabel* m_shape;
    QLabel* m_note;
    QTableWidget* m_table;
    QStringList m_csvRows;  // the exact values behind each row
};

} // namespace colcomb::ui
