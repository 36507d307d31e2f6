#include "NetworkTableModel.h"

#include "EnergyText.h"

#include <QColor>
#include <QLocale>

namespace colcomb::ui {

namespace {

QString shapeText(const std::vector<std::size_t>& shape)
{
    QStringList dims;
    for (std::size_t d : shape) dims << QString::number(d);
    return dims.join("x");
}

QString pct(double v) { return QString::number(v * 100.0, 'f', 1) + "%"; }

} // namespace

NetworkTableModel::NetworkTableModel(NetworkDocument* document, QObject* parent) : QAbstractTableModel(parent), m_document(document)
{
    const auto reload = [this] {
        beginResetModel();
        m_network = m_document->network();
        m_packing = m_document->packing();
        m_packedIndex.assign(m_network ? m_network->layers.size() : 0, -1);
        // Counted once per file: a cell that paints must not scan a ResNet-sized matrix.
        m_nnz.clear();
        if (m_network)
            for (const LayerFilterMatrix& l : m_network->layers) m_nnz.push_back(l.weights.nnz());
        if (m_packing)
            for (std::size_t k = 0; k < m_packing->rows.size(); ++k)
                if (m_packing->rows[k] < m_packedIndex.size()) m_packedIndex[m_packing->rows[k]] = static_cast<int>(k);
        endResetModel();
    };
    connect(m_document, &NetworkDocument::networkChanged, this, reload);
    connect(m_document, &NetworkDocument::packingChanged, this, [this] {
        // Same rows, new numbers: a data change keeps the view's selection and sorting.
        if (m_network != m_document->network()) return;
        m_packing = m_document->packing();
        std::fill(m_packedIndex.begin(), m_packedIndex.end(), -1);
        if (m_packing)
            for (std::size_t k = 0; k < m_packing->rows.size(); ++k)
                if (m_packing->rows[k] < m_packedIndex.size()) m_packedIndex[m_packing->rows[k]] = static_cast<int>(k);
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
    connect(m_document, &NetworkDocument::alphasChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0, Alpha), index(rowCount() - 1, Alpha));
    });
    reload();
}

int NetworkTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() || !m_network ? 0 : static_cast<int>(m_network->layers.size()); }

int NetworkTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const PackingResult* NetworkTableModel::resultOf(int row, const LayerHardware** hardware) const
{
    if (!m_packing || row < 0 || row >= static_cast<int>(m_packedIndex.size()) || m_packedIndex[static_cast<std::size_t>(row)] < 0) return nullptr;
    const auto k = static_cast<std::size_t>(m_packedIndex[static_cast<std::size_t>(row)]);
    if (hardware) *hardware = &m_packing->report.layers[k];
    return &m_packing->results[k];
}

QVariant NetworkTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || !m_network) return {};
    const LayerFilterMatrix& l = m_network->layers[static_cast<std::size_t>(index.row())];
    const LayerHardware* hardware = nullptr;
    const PackingResult* r = resultOf(index.row(), &hardware);
    const QLocale locale;
    const long long nnz = m_nnz[static_cast<std::size_t>(index.row())];
    const double cells = static_cast<double>(l.weights.rows()) * l.weights.cols();
    const bool sorting = role == Qt::UserRole;
    if (role == Qt::ToolTipRole) {
        if (!l.notPacked.empty()) return QString::fromStdString(l.name + " is not packed: " + l.notPacked);
        if (index.column() == Alpha) return "Multiplexer width of this layer (double-click to edit); gamma, method and array are shared";
        if (index.column() == Name)
            return QString::fromStdString(l.name + (l.parameter.empty() ? std::string() : "\nweights: " + l.parameter) + "\n" + l.description);
        if ((index.column() == Energy || index.column() == Cycles) && r && l.vectors > 0) {
            QString tip = QString("Per sample: %1 output positions, each an input vector through the array").arg(QLocale().toString(l.vectors));
            if (index.column() == Energy) {
                tip += "\n\n" + energyBreakdownText(QString::fromStdString(memoryScenarioText(EnergyCosts{}.memory)), hardware->breakdownBefore, &hardware->breakdownAfter);
            }
            if (index.column() == Energy && hardware->energyAfterPj > hardware->energyBeforePj)
                tip += QString("\n\nEnergy rises after packing (%1 -> %2 µJ): the groups save few array columns here (%3 columns -> %4 groups), "
                               "so the multiplexers and the select bits that every packed cell adds cost more than the array work saved.")
                           .arg(hardware->energyBeforePj * 1e-6, 0, 'f', 2)
                           .arg(hardware->energyAfterPj * 1e-6, 0, 'f', 2)
                           .arg(r->metrics.nonzeroColumns)
                           .arg(r->metrics.arrayColumns);
            return tip;
        }
        return QString::fromStdString(l.description);
    }
    if (role == Qt::TextAlignmentRole) return index.column() >= Nonzeros ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ForegroundRole && !l.notPacked.empty()) return QColor(Qt::darkGray);
    if (role != Qt::DisplayRole && role != Qt::EditRole && !sorting) return {};
    switch (index.column()) {
    case Name: return QString::fromStdString(shortLayerName(l));
    case Kind: return QString::fromStdString(l.kind);
    case Shape: return sorting ? QVariant(cells) : QVariant(shapeText(l.tensorShape));
    case Nonzeros: return sorting ? QVariant(nnz) : QVariant(locale.toString(nnz));
    case Density: return sorting ? QVariant(cells > 0 ? nnz / cells : 0.0) : QVariant(cells > 0 ? pct(nnz / cells) : QString());
    case Alpha: {
        const int alpha = m_document->alphaOf(static_cast<std::size_t>(index.row()));
        if (alpha == 0) return sorting ? QVariant(0) : QVariant("-");
        return alpha;
    }
    default: break;
    }
    if (!l.notPacked.empty()) return sorting ? QVariant(-1) : QVariant(index.column() == Groups ? "not packed (depthwise)" : "-");
    if (!r) return sorting ? QVariant(-1) : QVariant("...");
    const PackingMetrics& m = r->metrics;
    switch (index.column()) {
    case Groups:
        return sorting ? QVariant(m.arrayColumns) : QVariant(QString("%1 → %2").arg(m.nonzeroColumns).arg(m.arrayColumns));
    case Utilization:
        return sorting ? QVariant(m.utilizationAfter) : QVariant(pct(m.utilizationBefore) + " → " + pct(m.utilizationAfter));
    case Tiles: return sorting ? QVariant(m.tilesAfter) : QVariant(QString("%1 → %2").arg(m.tilesBefore).arg(m.tilesAfter));
    case Cycles:
        if (l.vectors <= 0) return sorting ? QVariant(-1) : QVariant("no positions");
        return sorting ? QVariant(hardware->cyclesAfter) : QVariant(locale.toString(hardware->cyclesBefore) + " → " + locale.toString(hardware->cyclesAfter));
    case Energy:
        if (l.vectors <= 0) return sorting ? QVariant(-1) : QVariant("no positions");
        return sorting ? QVariant(hardware->energyAfterPj)
                       : QVariant(QString("%1 → %2").arg(hardware->energyBeforePj * 1e-6, 0, 'f', 2).arg(hardware->energyAfterPj * 1e-6, 0, 'f', 2));
    default: return {};
    }
}

QVariant NetworkTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) return {};
    static const char* names[] = {"Layer", "Kind", "Weight shape", "Nonzeros", "Density", "Alpha", "Cols → groups", "Utilization eff.", "Tiles",
                                  "Cycles / sample", "Energy / sample (µJ)"};
    static const char* tips[] = {
        "The layer: its weights' parameter name where the file keeps it, else the module path of its ONNX node, else its name in the file "
        "(hover a name for the whole of it)",
        "conv, grouped conv (one filter matrix per group), depthwise conv (not packed), fully connected",
        "The weight tensor as stored",
        "Nonzero weights before packing",
        "Nonzeros / weights",
        "Most columns per group (the multiplexer width): each layer its own; double-click to edit",
        "Nonzero columns before, column groups (array columns) after",
        "Utilization efficiency: nonzeros / (nonempty rows x columns), before -> after column combining",
        "Tiles of the array size in the parameters, before -> after",
        "Array cycles for one sample (closed form of the simulator's count), before -> after; needs the layer's output positions "
        "(ONNX shape inference, SCALE-Sim topologies)",
        "Energy of one sample in microjoules, with the weights resident on chip (cost model: MACs, multiplexers, registers, SRAM "
        "and, for activations that do not fit, DRAM traffic at the simulator's default 45 nm energies), before -> after; needs the layer's "
        "output positions. The tooltip of each value gives its parts",
    };
    if (section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) return names[section];
    if (role == Qt::ToolTipRole) return tips[section];
    return {};
}

Qt::ItemFlags NetworkTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Alpha && m_document->alphaOf(static_cast<std::size_t>(index.row())) > 0) f |= Qt::ItemIsEditable;
    return f;
}

bool NetworkTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || index.column() != Alpha) return false;
    bool ok = false;
    const int alpha = value.toInt(&ok);
    if (!ok || alpha < 1 || alpha > 1024) return false;  // the parameter panel's range
    emit alphaEdited(index.row(), alpha);
    return true;
}

} // namespace colcomb::ui
