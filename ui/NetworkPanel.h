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

class WorkspaceDocument;

class NetworkPanel : public QWidget {
    Q_OBJECT

public:
    explicit NetworkPanel(NetworkDocument* document, QWidget* parent = nullptr);
    // A picked row shows its layer; an alpha edit is the workspace's (one undo step when that
    // layer is shown); an export asks for its file here and is the network document's work.
    void bind(WorkspaceDocument& workspace);

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
    // A short note for the window's status bar (a row that cannot be shown, an export written).
    void message(const QString& text);

private:
    void updateStatus();
    // Asks where to write the export (at first beside the model) and starts it.
    void chooseAndExport(NetworkExport kind, const QString& modelPath);

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
