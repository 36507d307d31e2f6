#include "RunsModel.h"

#include "EnergyText.h"

namespace colcomb::ui {

namespace {

// Short headers, so that every column fits a laptop's width; the header's tooltip says it all.
const QStringList kColumns{"run", "data set", "epochs", "test accuracy", "8-bit accuracy", "nonzeros", "eff. unpacked", "eff. packed", "tiles unp.",
                           "tiles packed", "µJ/sample unp.", "µJ/sample packed"};
const QStringList kColumnTips{"The run's name; hover a run for its model file",
                              "The data set it was trained and tested on",
                              "Epochs trained",
                              "Accuracy on the test set, float weights",
                              "Accuracy on the test set with the weights and activations in 8 bits, as the array runs them",
                              "Nonzero filter-layer weights of all filter-layer weights",
                              "Utilization efficiency without column combining: nonzeros / (nonempty rows x nonzero columns)",
                              "Utilization efficiency with the run's column groups: nonzeros / (nonempty rows x groups)",
                              "Array tiles without column combining: the same sparse weights, one array column per input column",
                              "Array tiles with the run's column groups",
                              "Energy of one sample through the filter layers without column combining, in microjoules (weights resident; "
                              "hover a run for the components)",
                              "Energy of one sample through the filter layers with the run's column groups, in microjoules (weights resident; "
                              "hover a run for the components)"};

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
    case 10: return e.energyBasis.empty() ? QStringLiteral("—") : microjoules(e.energyUnpacked.total());
    case 11: return e.energyBasis.empty() ? QStringLiteral("—") : microjoules(e.energy.total());
    default: return {};
    }
}

QVariant toolTip(const RunRecord& r, int column)
{
    if (column == 0) return QString::fromStdString(r.modelPath);
    if (column < 10 || !r.evaluation) return {};
    const ModelEvaluation& e = *r.evaluation;
    if (e.energyBasis.empty()) return QStringLiteral("Evaluated before energy was measured: evaluate the run again to see it");
    return QString("One sample through the filter layers on the run's array, unpacked -> packed.\n") +
           energyBreakdownText(QString::fromStdString(e.energyBasis), e.energyUnpacked, &e.energy);
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
    case Qt::ToolTipRole: return toolTip(r, index.column());
    case Qt::TextAlignmentRole: return index.column() > 0 ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default: return {};
    }
}

QVariant RunsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    if (section >= kColumns.size()) return {};
    if (role == Qt::DisplayRole) return kColumns[section];
    if (role == Qt::ToolTipRole) return kColumnTips[section];
    return {};
}

} // namespace colcomb::ui
