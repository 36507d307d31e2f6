#pragma once
// The workspace's training runs as a table model: one row per run, one column per measure of its
// evaluation. The Compare tab shows it directly; the workspace document is its only editor.
#include "training/RunRecord.h"

#include <QAbstractTableModel>

namespace colcomb::ui {

class RunsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    const std::vector<RunRecord>& runs() const { return m_runs; }
    void setRuns(std::vector<RunRecord> runs);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<RunRecord> m_runs;
};

} // namespace colcomb::ui
