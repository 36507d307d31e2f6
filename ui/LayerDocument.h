#pragma once
// The studio's document: one layer's filter matrix, the packing parameters, and the packing of
// that matrix under those parameters. Packing and file loading run on a worker thread; a result
// replaces the previous one in a single step on the UI thread, and results of superseded requests
// are dropped, so views never see a half-updated document.
#include "nn/Network.h"
#include "packing/Packer.h"

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

namespace colcomb::ui {

using PackingPtr = std::shared_ptr<const PackingResult>;

class LayerDocument : public QObject {
    Q_OBJECT

public:
    explicit LayerDocument(QObject* parent = nullptr);
    ~LayerDocument() override;

    void setSource(FilterMatrix matrix, const QString& name);
    void setParams(const PackingParams& params);
    // Loads in the background; emits sourceChanged or loadFailed. The current layer stays until a
    // new one has loaded completely; opening another file meanwhile supersedes this one. A .json
    // model file opens on `layer` (-1: its first packed layer), and selectLayer() switches between
    // its layers. With `params`, those replace the parameters once the file is open (a workspace
    // being restored); otherwise a packed layer starts from the alpha it was trained with.
    void openFile(const QString& path, int layer = -1, std::optional<PackingParams> params = std::nullopt);
    QStringList modelLayers() const;
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
    PackingPtr packing() const { return m_packing; }
    bool isBusy() const;

signals:
    void sourceChanged();
    void packingChanged();
    void packingFailed(const QString& message);
    void loadFailed(const QString& message);
    void busyChanged(bool busy);
    void modelChanged();  // the list of model layers changed (empty for a single-layer file)

private:
    struct Outcome {
        PackingPtr result;
        QString error;
    };
    struct Loaded {
        std::shared_ptr<FilterMatrix> matrix;             // a single layer file, or
        std::vector<LayerFilterMatrix> layers;            // a model's layers
        QString error;
    };

    void startLoad();
    void replaceSource(FilterMatrix matrix, const QString& name);
    void showLayer(int index, bool trainedAlpha);
    void schedulePacking();
    void onPackingFinished();
    void onLoadFinished();

    std::shared_ptr<const FilterMatrix> m_source;
    QString m_name;
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
    QString m_queuedPath;  // opened while a load ran: loaded next, the running one is dropped
    int m_queuedLayer = -1;
    std::optional<PackingParams> m_queuedParams;
    QString m_path;
    QString m_modelName;
    bool m_useTrainedGroups = true;
    std::vector<LayerFilterMatrix> m_layers;
    int m_modelLayer = -1;
    QFutureWatcher<Outcome> m_packWatcher;
    QFutureWatcher<Loaded> m_loadWatcher;
};

} // namespace colcomb::ui
