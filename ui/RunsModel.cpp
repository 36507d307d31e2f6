#include "RunsModel.h"

namespace colcomb::ui {

namespace {

const QStringList kColumns{"run", "data set", "epochs", "test accuracy", "8-bit accuracy", "nonzeros", "utilization efficiency unpacked",
                           "utilization efficiency packed", "tiles unpacked", "tiles packed"};

QString percent(double v) { return QString::number(v * 100.0, 'f', 2) + "%"; }

QString cellText(const RunRecord& r, int column)
{
    switch (column) {
    case 0: return QString::fromStdString(r.name);
    case 1: return QString::fromStdString(r.dataset);
    case 2: return QString::number(r.evaluation ? r.evaluation->epochs : static_cast<int>(r.history.size()));
    default: break;
    }
    if (!r.evaluation) return column == 3 ? QStringLiteral("stopped") : QString();
    const ModelEvaluation& e = *r.evaluation;
    switch (column) {
    case 3: return percent(e.testAccuracy);
    case 4: return percent(e.quantizedAccuracy);
    case 5: return QString("%1 of %2").arg(e.nnz).arg(e.weights);
    case 6: return percent(e.utilizationUnpacked);
    case 7: return percent(e.utilization);
    case 8: return QString::number(e.tilesUnpacked);
    case 9: return QString::number(e.tiles);
    default: return {};
    }
}

} // namespace

void RunsModel::setRuns(std::vector<RunRecord> runs)
{
    beginResetModel();
    m_runs = std::move(runs);
    endResetModel();
}

int RunsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_runs.size()); }

int RunsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(kColumns.size()); }

QVariant RunsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const RunRecord& r = m_runs[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return cellText(r, index.column());
    case Qt::ToolTipRole: return index.column() == 0 ? QString::fromStdString(r.modelPath) : QVariant();
    case Qt::TextAlignmentRole: return index.column() > 0 ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default: return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    return section < kColumns.size() ? kColumns[section] : QVariant();
}

} // namespace colcomb::ui
