#pragma once
// The packed layer's cycles, utilization, tiles, energy and latency on the array, next to the
// unpacked and dense baselines over the same weights and inputs.
#include "systolic/Comparison.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace colcomb::ui {

class ResultsPanel : public QWidget {
    Q_OBJECT

public:
    explicit ResultsPanel(QWidget* parent = nullptr);
    void showComparison(const ArrayComparison& comparison);
    void showBusy();
    void showError(const QString& message);
    QString text(int row, int column) const;

private:
    QTableWidget* m_table;
    QLabel* m_status;
};

} // namespace colcomb::ui
