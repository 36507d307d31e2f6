#pragma once
// The Network tab: every layer of the open model in a sortable table with the network's totals,
// packing progress and cancel. Choosing a row shows that layer in the matrix and array views
// (double-click also goes there); a layer's alpha is edited in its row.
#include "NetworkDocument.h"
#include "NetworkTableModel.h"

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QToolButton;
class QSortFilterProxyModel;
class QTableView;

namespace colcomb::ui {

class NetworkPanel : public QWidget {
    Q_OBJECT

public:
    explicit NetworkPanel(NetworkDocument* document, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    NetworkTableModel* model() const { return m_model; }
    // The totals line as shown.
    QString totalsText() const;
    // Selects the row of a network layer (without emitting layerChosen).
    void showRow(int row);

signals:
    void layerChosen(int row);  // a network row was picked
    void openRequested(int row);  // ... and the user wants to see it (double-click, Enter)
    void alphaEdited(int row, int alpha);
    void exportRequested(NetworkExport kind);

private:
    void updateStatus();

    NetworkDocument* m_document;
    NetworkTableModel* m_model;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_table;
    QLabel* m_empty;
    QLabel* m_totals;
    QLabel* m_status;
    QProgressBar* m_progress;
    QPushButton* m_cancel;
    QToolButton* m_export;
    bool m_showing = false;
};

} // namespace colcomb::ui
