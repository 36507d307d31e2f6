#pragma once
// The layer part of the workspace (WorkspaceDocument owns it): one layer's filter matrix, the
// packing parameters, and the packing of that matrix under those parameters. Packing and file loading run on a worker thread; a result
// replaces the previous one in a single step on the UI thread, and results of superseded requests
// are dropped, so views never see a half-updated document.
#include "io/NetworkFile.h"
#include "io/Workspace.h"
#include "nn/Network.h"
#include "packing/Packer.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace colcomb::ui {

using PackingPtr = std::shared_ptr<const PackingResult>;

// Where the current layer came from, with the parameters it is packed with: enough to show the
// same layer again (an undone open, a restored workspace). A file is named by its path; a layer
// made in the studio (the demo, the worked example) is kept by value.
struct SourceState {
    LayerSource source;  // what a saved workspace records of it
    std::shared_ptr<const FilterMatrix> matrix;  // a layer made in the studio (no path)
    QString name;
};

class LayerDocument : public QObject {
    Q_OBJECT

public:
    explicit LayerDocument(QObject* parent = nullptr);
    ~LayerDocument() override;

    void setSource(FilterMatrix matrix, const QString& name);
    void setParams(const PackingParams& params);
    SourceState state() const;
    // Shows that layer again: a generated one at once; a file's layer at once when that file is
    // the one open, otherwise after loading it in the background.
    void restore(const SourceState& state);
    // Loads in the background; emits sourceChanged or loadFailed. The current layer stays until a
    // new one has loaded completely; opening another file meanwhile supersedes this one. A .json
    // model file opens on `layer` (-1: its first packed layer), and selectLayer() switches between
    // its layers. With `params`, the file starts from those instead of the current parameters (a
    // trained layer still starts from the packing it was trained with).
    void openFile(const QString& path, int layer = -1, std::optional<PackingParams> params = std::nullopt);
    // No layer: the empty state the views show when nothing could be opened.
    void clear(const PackingParams& params);
    QStringList modelLayers() const;
    // The file's whole layer list, depthwise layers included (null for a single-layer file).
    std::shared_ptr<const NetworkFile> network() const { return m_network; }
    // Each model layer packs with its own alpha: the shown layer's is params().alpha; another's is
    // what it had when last shown (at first its trained alpha, else the alpha at opening).
    int layerAlpha(int modelLayer) const;
    // For the shown layer this is setParams (callers that record edits use the workspace).
    void setLayerAlpha(int modelLayer, int alpha);
    // The layers modelLayers() lists are the network's packable ones, in order.
    const std::vector<LayerFilterMatrix>& modelLayerList() const { return m_layers; }
    int currentModelLayer() const { return m_modelLayer; }
    void selectLayer(int index);
    // The file the current layer came from (empty for a generated one).
    const QString& sourcePath() const { return m_path; }
    // A trained model's layer can be shown packed with the groups it was trained with, or re-packed
    // with the current method.
    bool hasTrainedGroups() const;
    bool usesTrainedGroups() const { return m_useTrainedGroups; }
    void setUseTrainedGroups(bool use);

    const PackingParams& params() const { return m_params; }
    const QString& sourceName() const { return m_name; }
    // The shape a weights file stored the layer in when it is not the matrix itself: "[64, 32, 3,
    // 3]" for a conv weight packed as 64 x 288; empty otherwise.
    const QString& tensorShape() const { return m_tensorShape; }
    PackingPtr packing() const { return m_packing; }
    bool isBusy() const;
    // Stops the packing in flight (search and exact hear it at once; the others finish first) and
    // keeps the packing shown before it.
    void cancelPacking();

signals:
    void sourceChanged();
    void paramsChanged();  // by an edit, a layer's trained alpha or a restore
    // A file requested with openFile() has loaded (a model on its first layer): the document
    // records the open as one edit.
    void fileOpened();
    void packingChanged();
    void packingFailed(const QString& message);
    void loadFailed(const QString& message);
    void busyChanged(bool busy);
    void modelChanged();  // the list of model layers changed (empty for a single-layer file)
    void layerAlphasChanged();  // a layer other than the shown one got another alpha

private:
    struct Outcome {
        PackingPtr result;
        QString error;
    };
    struct Loaded {
        std::shared_ptr<FilterMatrix> matrix;             // a single layer file, or
        std::shared_ptr<const NetworkFile> network;      // a model's layers
        std::vector<std::size_t> tensorShape;             // the single layer's, as stored
        QString error;
    };

    void requestLoad(const QString& path, int layer, std::optional<PackingParams> params, bool restoring, std::vector<int> layerAlphas = {});
    void startLoad();
    void replaceSource(FilterMatrix matrix, const QString& name);
    // Leaves the file and model the layer came from (a generated layer or none follows).
    void forgetFile();
    void showLayer(int index, bool trainedAlpha);
    void schedulePacking();
    void onPackingFinished();
    void onLoadFinished();

    std::shared_ptr<const FilterMatrix> m_source;
    QString m_name;
    QString m_tensorShape;
    PackingParams m_params;
    PackingPtr m_packing;
    bool m_repackWanted = false;
    // Ours, not the watchers' state: a job can be done on its thread before its finished signal
    // reaches us, and until then the document is still busy.
    bool m_packInFlight = false;
    bool m_loadInFlight = false;
    QString m_loadingPath;
    int m_loadingLayer = -1;
    std::optional<PackingParams> m_loadingParams;
    std::vector<int> m_loadingLayerAlphas;
    std::optional<SourceState> m_pendingRestore;  // a restore waiting for its file to load
    bool m_loadingRestoring = false;  // the load in flight restores a state: not a new open
    QString m_queuedPath;  // opened while a load ran: loaded next, the running one is dropped
    int m_queuedLayer = -1;
    std::optional<PackingParams> m_queuedParams;
    std::vector<int> m_queuedLayerAlphas;
    bool m_queuedRestoring = false;
    QString m_path;
    QString m_modelName;
    bool m_useTrainedGroups = true;
    std::shared_ptr<const NetworkFile> m_network;  // every layer the file lists (depthwise ones too)
    std::vector<LayerFilterMatrix> m_layers;       // the ones that can be packed, shown one at a time
    std::vector<int> m_layerAlpha;                 // per model layer; the shown one's is m_params.alpha
    int m_modelLayer = -1;
    QFutureWatcher<Outcome> m_packWatcher;
    std::shared_ptr<std::atomic<bool>> m_packCancel;  // the packing in flight's
    QFutureWatcher<Loaded> m_loadWatcher;
};

} // namespace colcomb::ui
