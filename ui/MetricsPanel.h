#pragma once
// The packing's numbers, before and after, with the change between them.
#include "LayerDocument.h"

#include <QWidget>

class QTableWidget;

namespace colcomb::ui {

class MetricsPanel : public QWidget {
    Q_OBJECT

public:
    explicit MetricsPanel(QWidget* parent = nullptr);
    void showPacking(const PackingPtr& packing);
    // The text of one cell: row = metric, column 0 before, 1 after, 2 change.
    QString text(int row, int column) const;

private:
    void setRow(int row, const QString& name, const QString& before, const QString& after, const QString& change, const QString& tip, const QString& exact = {});

    QTableWidget* m_table;
};

} // namespace colcomb::ui
