#include "NetworkPanel.h"

#include "Notices.h"
#include "StudioSettings.h"
#include "WorkspaceDocument.h"

#include <QHBoxLayout>

#include <algorithm>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QToolButton>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace colcomb::ui {

NetworkPanel::NetworkPanel(NetworkDocument* document, QWidget* parent)
    : QWidget(parent), m_document(document), m_model(new NetworkTableModel(document, this)), m_sorted(new QSortFilterProxyModel(this)),
      m_table(new QTableView), m_empty(new QLabel), m_totals(new QLabel), m_status(new QLabel), m_progress(new QProgressBar),
      m_cancel(new QPushButton("Cancel")), m_export(new QToolButton)
{
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(Qt::UserRole);
    m_table->setObjectName("networkTable");
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);  // the file's order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setTextElideMode(Qt::ElideLeft);  // a long name keeps its end: "...layer4.1.conv2"
    m_table->setWordWrap(false);
    // Every column as wide as its contents, so that the energy column is never cut; the layer's
    // name takes what is left.
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_table->setToolTip("Every layer of the open model. Click a row to show it in the matrix and array views, double-click a name to go there; "
                        "double-click an alpha to change that layer's. Click a header to sort.");

    m_empty->setObjectName("networkEmpty");
    m_empty->setText("Open a model to see all its layers here: an ONNX file exported from PyTorch, an .npz state dict, a SCALE-Sim "
                     "topology or a ColComb model (File > Open, Ctrl+O, or drop the file on the window).");
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignCenter);
    m_totals->setObjectName("networkTotals");
    m_totals->setWordWrap(true);
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setToolTip("Sums over the packed layers; utilization efficiency is all nonzeros over all occupied cells");
    m_status->setObjectName("networkStatus");
    m_progress->setObjectName("networkProgress");
    m_progress->setToolTip("Layers packed so far (all cores)");
    m_progress->setMaximumWidth(220);
    m_cancel->setObjectName("networkCancel");
    m_cancel->setToolTip("Stop packing the network (the table keeps the last complete packing)");

    m_export->setObjectName("networkExport");
    m_export->setText("Export packing");
    m_export->setToolTip("Write the whole network's packing: for a hardware flow, for a PyTorch training loop, or as data");
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_export);
    const std::pair<const char*, NetworkExport> items[] = {
        {"Packing archive (.npz): packed weights, select indices, groups, masks...", NetworkExport::Archive},
        {"Packing as JSON (as colcomb pack --all --json)...", NetworkExport::Json},
        {"Masks for a PyTorch training loop (.npz)...", NetworkExport::Masks},
        {"Memory files for an RTL array (folder)...", NetworkExport::MemoryFiles},
    };
    for (const auto& [text, kind] : items) menu->addAction(text, this, [this, kind = kind] { emit exportRequested(kind); });
    m_export->setMenu(menu);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_export);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_empty);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_totals);
    layout->addLayout(bottom);

    connect(m_cancel, &QPushButton::clicked, m_document, &NetworkDocument::cancel);
    connect(m_model, &NetworkTableModel::alphaEdited, this, &NetworkPanel::alphaEdited);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (!m_showing && current.isValid()) emit layerChosen(m_sorted->mapToSource(current).row());
    });
    connect(m_table, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (index.column() != NetworkTableModel::Alpha) emit openRequested(m_sorted->mapToSource(index).row());
    });
    connect(m_document, &NetworkDocument::progress, this, [this](int done, int total) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_status->setText(QString("Packing %1 of %2 layers...").arg(done).arg(total));
    });
    connect(m_document, &NetworkDocument::busyChanged, this, &NetworkPanel::updateStatus);
    // An export takes seconds on a large network: say so while it is written.
    connect(m_document, &NetworkDocument::exportStarted, this, [this](const QString& path) {
        m_progress->setRange(0, 0);
        m_progress->setVisible(true);
        m_export->setEnabled(false);
        m_status->setText("Writing " + QFileInfo(path).fileName() + "...");
    });
    for (auto signal : {&NetworkDocument::exported, &NetworkDocument::exportFailed}) connect(m_document, signal, this, &NetworkPanel::updateStatus);
    connect(m_document, &NetworkDocument::packingChanged, this, [this] {
        // The packed numbers are wider than the "..." shown while packing.
        for (int c = NetworkTableModel::Groups; c < NetworkTableModel::ColumnCount; ++c) m_table->resizeColumnToContents(c);
        updateStatus();
    });
    connect(m_document, &NetworkDocument::networkChanged, this, [this] {
        m_table->resizeColumnsToContents();
        m_table->setColumnWidth(NetworkTableModel::Name, std::min(m_table->columnWidth(NetworkTableModel::Name), 230));
        updateStatus();
    });
    connect(m_document, &NetworkDocument::cancelled, this, [this] { m_status->setText("Packing cancelled: the numbers shown are from the last complete packing."); });
    connect(m_document, &NetworkDocument::packingFailed, this, [this](const QString& message) { m_status->setText("Packing failed: " + message); });
    updateStatus();
}

QString NetworkPanel::totalsText() const { return m_totals->text(); }

void NetworkPanel::showRow(int row)
{
    const QModelIndex at = m_sorted->mapFromSource(m_model->index(row, 0));
    if (!at.isValid() || m_table->currentIndex().row() == at.row()) return;
    m_showing = true;
    m_table->setCurrentIndex(at);
    m_table->scrollTo(at);
    m_showing = false;
}

void NetworkPanel::updateStatus()
{
    const auto network = m_document->network();
    m_empty->setVisible(!network);
    m_table->setVisible(network != nullptr);
    m_totals->setVisible(network != nullptr);
    m_progress->setVisible(m_document->isBusy());
    m_export->setEnabled(network != nullptr && m_document->packing() != nullptr);
    m_cancel->setVisible(m_document->isBusy());
    if (!network) {
        m_status->clear();
        return;
    }
    const auto packing = m_document->packing();
    if (packing) {
        const NetworkTotals& t = packing->report.totals;
        const QLocale locale;
        QString text = QString("<b>Network</b>: %1 packed layers of %2; nonzeros %3 → %4 (%5 pruned, %6% of |w| kept); columns %7 → groups %8; "
                               "utilization efficiency %9% → %10%; tiles %11 → %12")
                           .arg(t.layers)
                           .arg(network->layers.size())
                           .arg(locale.toString(t.nnzBefore), locale.toString(t.nnzAfter), locale.toString(t.pruned))
                           .arg(t.weightKeptFraction * 100, 0, 'f', 1)
                           .arg(locale.toString(t.nonzeroColumns), locale.toString(t.groups))
                           .arg(t.utilizationBefore * 100, 0, 'f', 1)
                           .arg(t.utilizationAfter * 100, 0, 'f', 1)
                           .arg(locale.toString(t.tilesBefore), locale.toString(t.tilesAfter));
        if (t.layersWithoutVectors < t.layers)
            text += QString("; cycles per sample %1 → %2; energy per sample %3 → %4 µJ")
                        .arg(locale.toString(t.cyclesBefore), locale.toString(t.cyclesAfter))
                        .arg(t.energyBeforePj * 1e-6, 0, 'f', 2)
                        .arg(t.energyAfterPj * 1e-6, 0, 'f', 2);
        if (t.layersWithoutVectors > 0)
            text += QString(" (%1 layers without output positions have no cycles or energy: the file does not give feature-map sizes)").arg(t.layersWithoutVectors);
        if (network->format == "scale-sim topology") {
            const NetworkImportOptions defaults;
            text += QString("<br>A SCALE-Sim topology gives shapes only: every layer has random weights, %1% dense (seed %2; "
                            "colcomb pack --density D --seed S chooses others).")
                        .arg(defaults.syntheticDensity * 100, 0, 'f', 0)
                        .arg(defaults.seed);
        }
        m_totals->setText(text);
        if (!m_document->isBusy()) m_status->setText(QString("%1 layers packed in %2 s on all cores").arg(t.layers).arg(packing->seconds, 0, 'f', 2));
    } else {
        m_totals->setText("<b>Network</b>: packing...");
    }
}

void NetworkPanel::bind(WorkspaceDocument& workspace)
{
    LayerDocument* layer = workspace.layer();
    connect(this, &NetworkPanel::layerChosen, &workspace, [this, &workspace](int row) {
        const int modelLayer = m_document->modelLayerOfRow(static_cast<std::size_t>(row));
        if (modelLayer >= 0) return workspace.selectLayer(modelLayer);
        const LayerFilterMatrix& l = m_document->network()->layers[static_cast<std::size_t>(row)];
        emit message(QString::fromStdString(l.name + " is not packed: " + l.notPacked));
    });
    connect(this, &NetworkPanel::alphaEdited, &workspace,
            [this, &workspace](int row, int alpha) { workspace.editLayerAlpha(m_document->modelLayerOfRow(static_cast<std::size_t>(row)), alpha); });
    connect(layer, &LayerDocument::paramsChanged, this, [this, layer] { showRow(m_document->rowOfModelLayer(layer->currentModelLayer())); });
    connect(this, &NetworkPanel::exportRequested, this, [this, layer](NetworkExport kind) { chooseAndExport(kind, layer->sourcePath()); });
    connect(m_document, &NetworkDocument::exported, this, [this](const QString& summary) {
        emit message("Exported: " + summary);
        showInformation(this, "Export finished", summary);
    });
    connect(m_document, &NetworkDocument::exportFailed, this, [this](const QString& m) { showError(this, "Export failed", m); });
}

void NetworkPanel::chooseAndExport(NetworkExport kind, const QString& modelPath)
{
    const QFileInfo source(modelPath);
    const QString stem = source.completeBaseName();
    const QString folder = lastFolder("export", source.absolutePath());  // at first beside the model
    QString path;
    switch (kind) {
    case NetworkExport::Archive:
        path = QFileDialog::getSaveFileName(this, "Export packing archive", QDir(folder).filePath(stem + "-packing.npz"), "NumPy archive (*.npz)");
        break;
    case NetworkExport::Json:
        path = QFileDialog::getSaveFileName(this, "Export packing as JSON", QDir(folder).filePath(stem + "-packing.json"), "JSON (*.json)");
        break;
    case NetworkExport::Masks:
        path = QFileDialog::getSaveFileName(this, "Export masks for PyTorch", QDir(folder).filePath(stem + "-masks.npz"), "NumPy archive (*.npz)");
        break;
    case NetworkExport::MemoryFiles:
        path = QFileDialog::getExistingDirectory(this, "Folder for the memory files", folder);
        break;
    }
    if (path.isEmpty()) return;
    rememberFolder("export", path);
    m_document->exportTo(kind, path);
}

} // namespace colcomb::ui
