#pragma once
// The Network tab's table: one row per layer of the open file, packed or not, with its packing's
// numbers. Sorting uses Qt::UserRole (the exact number); the alpha of a packable layer is edited in
// place (emits alphaEdited; the document decides what the edit is).
#include "NetworkDocument.h"

#include <QAbstractTableModel>

namespace colcomb::ui {

class NetworkTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, Kind, Shape, Nonzeros, Density, Alpha, Groups, Utilization, Tiles, Cycles, Energy, ColumnCount };

    explicit NetworkTableModel(NetworkDocument* document, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

signals:
    void alphaEdited(int row, int alpha);

private:
    // The packing of a network row, or null when it is not packed (yet).
    const PackingResult* resultOf(int row, const LayerHardware** hardware = nullptr) const;

    NetworkDocument* m_document;
    std::shared_ptr<const NetworkFile> m_network;
    std::shared_ptr<const NetworkPacking> m_packing;
    std::vector<int> m_packedIndex;  // per network row: index into m_packing->results, or -1
    std::vector<long long> m_nnz;    // per network row: the layer's nonzeros
};

} // namespace colcomb::ui
