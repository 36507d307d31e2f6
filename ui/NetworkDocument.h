#pragma once
// The whole network of the open file, packed: every packable layer with its own alpha and the
// shared gamma, method and array of the layer document's parameters. Packing runs over the cores
// off the UI thread (packing/PackLayers.h) with progress and cancel; a newer request cancels the
// one in flight (its results would be stale) and runs next, so edits coalesce. Views get
// immutable snapshots.
//
// Each layer's alpha is the layer document's (LayerDocument::layerAlpha): the shown layer's is the
// parameter panel's, and showing another layer puts that layer's alpha into the panel.
#include "LayerDocument.h"
#include "systolic/NetworkPacking.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>

namespace colcomb::ui {

// The core's packing (results and hardware report, one per packed row) and which rows those are.
struct NetworkPacking : colcomb::NetworkPacking {
    std::vector<std::size_t> rows;  // the network's packed rows
    double seconds = 0.0;
};

// What the Network tab exports (io/PackingExport.h): the packing archive, the packing as JSON (as
// `colcomb pack --all --json`), the masks for a PyTorch loop, memory files for an RTL array.
enum class NetworkExport { Archive, Json, Masks, MemoryFiles };

class NetworkDocument : public QObject {
    Q_OBJECT

public:
    explicit NetworkDocument(LayerDocument* layer, QObject* parent = nullptr);
    ~NetworkDocument() override;

    // Null when the open file is a single layer.
    std::shared_ptr<const NetworkFile> network() const { return m_network; }
    std::shared_ptr<const NetworkPacking> packing() const { return m_packing; }
    // A packable row's alpha; 0 for a row that is not packed.
    int alphaOf(std::size_t row) const;
    // The packed-layer index (LayerDocument::selectLayer) of a network row, -1 if not packable.
    int modelLayerOfRow(std::size_t row) const;
    int rowOfModelLayer(int modelLayer) const;
    bool isBusy() const { return m_inFlight; }

    void cancel();
    // Writes the shown packing in the background (a folder for memory files); emits exported or
    // exportFailed. Refused while nothing is packed.
    void exportTo(NetworkExport kind, const QString& path);

signals:
    void networkChanged();  // another file (or none)
    void alphasChanged();
    void packingChanged();
    void progress(int done, int total);
    void busyChanged(bool busy);
    void packingFailed(const QString& message);
    void cancelled();
    void exportStarted(const QString& path);
    void exported(const QString& summary);
    void exportFailed(const QString& message);

private:
    void onModelChanged();
    void onParamsChanged();
    // The parameters each packable row would be packed with now.
    std::vector<PackingParams> currentParams() const;
    void schedule();
    void start();
    void onFinished();

    LayerDocument* m_layer;
    std::shared_ptr<const NetworkFile> m_network;
    std::vector<std::size_t> m_packable;  // its packable rows: model layer k is row m_packable[k]
    std::vector<PackingParams> m_requested;  // what the newest packing was asked for, per packable row
    std::shared_ptr<const NetworkPacking> m_packing;

    struct Outcome {
        std::shared_ptr<const NetworkPacking> packing;
        QString error;
        bool cancelled = false;
    };
    QFutureWatcher<Outcome> m_watcher;
    QFutureWatcher<QString> m_export;  // "ok: summary" or the error
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_inFlight = false;
    bool m_wanted = false;
};

} // namespace colcomb::ui
