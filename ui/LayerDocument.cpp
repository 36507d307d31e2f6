#include "LayerDocument.h"

#include "io/MatrixFile.h"
#include "io/NetworkFilePacking.h"
#include "training/ModelFile.h"

#include <QFileInfo>

#include <algorithm>
#include "packing/PackingCancelled.h"

#include <QtConcurrent/QtConcurrentRun>

namespace colcomb::ui {

LayerDocument::LayerDocument(QObject* parent) : QObject(parent)
{
    connect(&m_packWatcher, &QFutureWatcher<Outcome>::finished, this, &LayerDocument::onPackingFinished);
    connect(&m_loadWatcher, &QFutureWatcher<Loaded>::finished, this, &LayerDocument::onLoadFinished);
}

LayerDocument::~LayerDocument()
{
    m_packWatcher.waitForFinished();
    m_loadWatcher.waitForFinished();
}

bool LayerDocument::isBusy() const { return m_packInFlight || m_loadInFlight; }

void LayerDocument::forgetFile()
{
    if (!m_layers.empty()) {
        m_layers.clear();
        m_layerAlpha.clear();
        m_network.reset();
        m_modelLayer = -1;
        emit modelChanged();
    }
    m_path.clear();
    m_tensorShape.clear();
}

void LayerDocument::setSource(FilterMatrix matrix, const QString& name)
{
    forgetFile();
    replaceSource(std::move(matrix), name);
}

void LayerDocument::clear(const PackingParams& params)
{
    forgetFile();
    m_source.reset();
    m_name.clear();
    m_params = params;
    m_packing.reset();
    m_repackWanted = false;
    emit sourceChanged();
    emit paramsChanged();
    emit packingChanged();
}

void LayerDocument::replaceSource(FilterMatrix matrix, const QString& name)
{
    m_source = std::make_shared<const FilterMatrix>(std::move(matrix));
    m_name = name;
    emit sourceChanged();
    schedulePacking();
}

void LayerDocument::setParams(const PackingParams& params)
{
    if (params == m_params) return;
    m_params = params;
    emit paramsChanged();
    schedulePacking();
}

SourceState LayerDocument::state() const
{
    if (m_pendingRestore) return *m_pendingRestore;  // what the document is becoming
    std::vector<int> alphas = m_layerAlpha;
    if (m_modelLayer >= 0 && m_modelLayer < static_cast<int>(alphas.size())) alphas[static_cast<std::size_t>(m_modelLayer)] = m_params.alpha;
    return {{m_path.toStdString(), m_modelLayer, m_params, m_useTrainedGroups, std::move(alphas)}, m_path.isEmpty() ? m_source : nullptr, m_name};
}

void LayerDocument::restore(const SourceState& state)
{
    const LayerSource& source = state.source;
    const QString path = QString::fromStdString(source.path);
    m_useTrainedGroups = source.trainedGroups;
    if (path.isEmpty()) {
        if (!state.matrix) return;
        m_params = source.packing;
        setSource(*state.matrix, state.name);
        emit paramsChanged();
        return;
    }
    if (path == m_path && !m_loadInFlight) {
        m_params = source.packing;
        if (m_layers.empty()) {
            emit sourceChanged();
            emit paramsChanged();
            schedulePacking();
            return;
        }
        if (source.layerAlphas.size() == m_layerAlpha.size()) {
            m_layerAlpha = source.layerAlphas;
            emit layerAlphasChanged();
        }
        m_modelLayer = -1;  // shown again even when it is the same layer: the parameters changed
        showLayer(std::clamp(source.layer, 0, static_cast<int>(m_layers.size()) - 1), false);
        emit paramsChanged();
        return;
    }
    requestLoad(path, source.layer, source.packing, true, source.layerAlphas);
    m_pendingRestore = state;
}

void LayerDocument::openFile(const QString& path, int layer, std::optional<PackingParams> params) { requestLoad(path, layer, params, false); }

void LayerDocument::requestLoad(const QString& path, int layer, std::optional<PackingParams> params, bool restoring, std::vector<int> layerAlphas)
{
    m_pendingRestore.reset();
    m_queuedPath = path;
    m_queuedLayer = layer;
    m_queuedParams = params;
    m_queuedLayerAlphas = std::move(layerAlphas);
    m_queuedRestoring = restoring;
    if (!m_loadInFlight) startLoad();
}

void LayerDocument::startLoad()
{
    m_loadingPath = m_queuedPath;
    m_loadingLayer = m_queuedLayer;
    m_loadingParams = m_queuedParams;
    m_loadingLayerAlphas = m_queuedLayerAlphas;
    m_loadingRestoring = m_queuedRestoring;
    m_queuedPath.clear();
    m_loadInFlight = true;
    const std::string file = m_loadingPath.toStdString();
    m_loadWatcher.setFuture(QtConcurrent::run([file]() -> Loaded {
        try {
            auto network = std::make_shared<NetworkFile>(readNetworkFile(file));
            if (network->format == "npy" || network->format == "csv") {  // one layer, shown as the file itself
                LayerFilterMatrix& l = network->layers.front();
                return {std::make_shared<FilterMatrix>(std::move(l.weights)), nullptr, std::move(l.tensorShape), {}};
            }
            return {nullptr, std::move(network), {}, {}};
        } catch (const std::exception& e) {
            return {nullptr, nullptr, {}, QString::fromStdString(e.what())};
        }
    }));
    emit busyChanged(true);
}

void LayerDocument::onLoadFinished()
{
    m_loadInFlight = false;
    if (!m_queuedPath.isEmpty()) {  // superseded by a newer open
        startLoad();
        return;
    }
    const Loaded loaded = m_loadWatcher.result();
    m_pendingRestore.reset();
    if (!loaded.error.isEmpty()) {
        emit loadFailed(loaded.error);
        emit busyChanged(isBusy());
        return;
    }
    const QString name = QFileInfo(m_loadingPath).fileName();
    const bool restoring = m_loadingRestoring;
    if (loaded.matrix) {
        if (m_loadingParams) m_params = *m_loadingParams;
        setSource(std::move(*loaded.matrix), name);
        m_path = m_loadingPath;
        if (loaded.tensorShape.size() != 2) {
            QStringList dims;
            for (std::size_t d : loaded.tensorShape) dims << QString::number(d);
            m_tensorShape = "[" + dims.join(", ") + "]";
            emit sourceChanged();
        }
        emit paramsChanged();
        if (!restoring) emit fileOpened();
        return;
    }
    if (loaded.network->packable().empty()) {
        emit loadFailed(m_loadingPath + ": no layer can be packed (" + QString::number(loaded.network->layers.size()) + " depthwise)");
        emit busyChanged(isBusy());
        return;
    }
    m_modelName = name;
    m_path = m_loadingPath;
    m_network = loaded.network;
    m_layers.clear();
    for (std::size_t row : m_network->packable()) m_layers.push_back(m_network->layers[row]);
    if (m_loadingParams) m_params = *m_loadingParams;
    m_layerAlpha.clear();
    for (const LayerFilterMatrix& l : m_layers) m_layerAlpha.push_back(l.alpha > 1 ? l.alpha : m_params.alpha);
    if (m_loadingLayerAlphas.size() == m_layerAlpha.size()) m_layerAlpha = m_loadingLayerAlphas;  // a restored workspace's
    m_tensorShape.clear();
    m_modelLayer = -1;
    emit modelChanged();
    // Open on the first packed layer: the one column combining has something to say about.
    const auto packed = std::find_if(m_layers.begin(), m_layers.end(), [](const LayerFilterMatrix& l) { return l.alpha > 1; });
    const int first = packed == m_layers.end() ? 0 : static_cast<int>(packed - m_layers.begin());
    // A restored state keeps its exact parameters; a new open starts from the trained packing.
    showLayer(m_loadingLayer >= 0 && m_loadingLayer < static_cast<int>(m_layers.size()) ? m_loadingLayer : first, !restoring);
    emit paramsChanged();
    if (!restoring) emit fileOpened();
}

bool LayerDocument::hasTrainedGroups() const
{
    return m_modelLayer >= 0 && !m_layers[static_cast<std::size_t>(m_modelLayer)].trainedGroups.empty();
}

void LayerDocument::setUseTrainedGroups(bool use)
{
    if (use == m_useTrainedGroups) return;
    m_useTrainedGroups = use;
    if (!hasTrainedGroups()) return;
    if (use) m_params = m_layers[static_cast<std::size_t>(m_modelLayer)].trainedParams;  // what is drawn
    emit sourceChanged();
    emit paramsChanged();
    schedulePacking();
}

QStringList LayerDocument::modelLayers() const
{
    QStringList names;
    for (const LayerFilterMatrix& l : m_layers) names << QString::fromStdString(l.description);
    return names;
}

int LayerDocument::layerAlpha(int modelLayer) const
{
    if (modelLayer < 0 || modelLayer >= static_cast<int>(m_layerAlpha.size())) return 0;
    return modelLayer == m_modelLayer ? m_params.alpha : m_layerAlpha[static_cast<std::size_t>(modelLayer)];
}

void LayerDocument::setLayerAlpha(int modelLayer, int alpha)
{
    if (modelLayer < 0 || modelLayer >= static_cast<int>(m_layerAlpha.size()) || alpha < 1 || layerAlpha(modelLayer) == alpha) return;
    if (modelLayer == m_modelLayer) {
        PackingParams p = m_params;
        p.alpha = alpha;
        return setParams(p);
    }
    m_layerAlpha[static_cast<std::size_t>(modelLayer)] = alpha;
    emit layerAlphasChanged();
}

void LayerDocument::selectLayer(int index)
{
    showLayer(index, true);
    emit paramsChanged();
}

void LayerDocument::showLayer(int index, bool trainedAlpha)
{
    if (index < 0 || index >= static_cast<int>(m_layers.size()) || index == m_modelLayer) return;
    if (m_modelLayer >= 0) m_layerAlpha[static_cast<std::size_t>(m_modelLayer)] = m_params.alpha;  // the layer left keeps its alpha
    m_modelLayer = index;
    const LayerFilterMatrix& l = m_layers[static_cast<std::size_t>(index)];
    // Shown with its trained groups, the parameters are the ones it was trained with (what is
    // drawn); re-packed, it starts from its own alpha (at first the one it was trained for).
    if (m_useTrainedGroups && !l.trainedGroups.empty()) m_params = l.trainedParams;
    else if (trainedAlpha) m_params.alpha = m_layerAlpha[static_cast<std::size_t>(index)];
    replaceSource(l.weights, m_modelName + " - " + QString::fromStdString(l.description));
}

void LayerDocument::schedulePacking()
{
    if (!m_source) return;
    // While a packing runs, remember only that the newest parameters still need one: dragging a
    // slider across twenty values costs two packings, not twenty.
    if (m_packInFlight) {
        m_repackWanted = true;
        if (m_packCancel) *m_packCancel = true;  // a search or solve for old parameters stops now
        return;
    }
    m_repackWanted = false;
    m_packInFlight = true;
    const std::shared_ptr<const FilterMatrix> source = m_source;
    // Fixed groups and N:M group a model layer's columns by its kernel positions.
    const PackingParams params = m_modelLayer >= 0 ? paramsForLayer(m_layers[static_cast<std::size_t>(m_modelLayer)], m_params) : m_params;
    const ColumnGroups trained = m_useTrainedGroups && hasTrainedGroups() ? m_layers[static_cast<std::size_t>(m_modelLayer)].trainedGroups : ColumnGroups{};
    m_packCancel = std::make_shared<std::atomic<bool>>(false);
    m_packWatcher.setFuture(QtConcurrent::run([source, params, trained, cancel = m_packCancel]() -> Outcome {
        try {
            if (!trained.empty()) return {std::make_shared<const PackingResult>(packWithGroups(*source, trained, params)), {}};
            return {std::make_shared<const PackingResult>(packLayer(*source, params, nullptr, cancel.get())), {}};
        } catch (const PackingCancelled&) {
            return {nullptr, {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    emit busyChanged(true);
}

void LayerDocument::cancelPacking()
{
    m_repackWanted = false;
    if (m_packInFlight && m_packCancel) *m_packCancel = true;
}

void LayerDocument::onPackingFinished()
{
    m_packInFlight = false;
    const Outcome outcome = m_packWatcher.result();
    if (m_repackWanted) {
        schedulePacking();  // this result is already stale
        return;
    }
    if (!m_source) {  // cleared meanwhile
        emit busyChanged(isBusy());
        return;
    }
    if (outcome.result) {
        m_packing = outcome.result;
        emit packingChanged();
    } else if (!outcome.error.isEmpty()) {  // empty: cancelled, the packing shown stays
        emit packingFailed(outcome.error);
    }
    emit busyChanged(isBusy());
}

} // namespace colcomb::ui
