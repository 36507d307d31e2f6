#include "NetworkDocument.h"

#include "base/AtomicFile.h"
#include "io/NetworkFilePacking.h"
#include "io/PackingExport.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <chrono>

namespace colcomb::ui {

NetworkDocument::NetworkDocument(LayerDocument* layer, QObject* parent) : QObject(parent), m_layer(layer)
{
    connect(m_layer, &LayerDocument::modelChanged, this, &NetworkDocument::onModelChanged);
    connect(m_layer, &LayerDocument::paramsChanged, this, &NetworkDocument::onParamsChanged);
    connect(m_layer, &LayerDocument::layerAlphasChanged, this, &NetworkDocument::onParamsChanged);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &NetworkDocument::onFinished);
    connect(&m_export, &QFutureWatcher<QString>::finished, this, [this] {
        const QString result = m_export.result();
        if (result.startsWith("ok: ")) emit exported(result.mid(4));
        else emit exportFailed(result);
    });
}

NetworkDocument::~NetworkDocument()
{
    if (m_cancel) *m_cancel = true;
    m_watcher.waitForFinished();
    m_export.waitForFinished();
}

int NetworkDocument::alphaOf(std::size_t row) const { return m_layer->layerAlpha(modelLayerOfRow(row)); }

int NetworkDocument::modelLayerOfRow(std::size_t row) const
{
    const auto at = std::lower_bound(m_packable.begin(), m_packable.end(), row);  // rows in file order
    return at != m_packable.end() && *at == row ? static_cast<int>(at - m_packable.begin()) : -1;
}

int NetworkDocument::rowOfModelLayer(int modelLayer) const
{
    return modelLayer >= 0 && modelLayer < static_cast<int>(m_packable.size()) ? static_cast<int>(m_packable[static_cast<std::size_t>(modelLayer)]) : -1;
}

void NetworkDocument::onModelChanged()
{
    if (m_cancel) *m_cancel = true;
    m_network = m_layer->network();
    m_packable = m_network ? m_network->packable() : std::vector<std::size_t>{};
    m_packing.reset();
    m_requested.clear();
    emit networkChanged();
    emit packingChanged();
}

std::vector<PackingParams> NetworkDocument::currentParams() const
{
    std::vector<PackingParams> out;
    if (!m_network) return out;
    for (std::size_t k = 0; k < m_packable.size(); ++k) {
        PackingParams p = m_layer->params();
        p.alpha = m_layer->layerAlpha(static_cast<int>(k));
        out.push_back(p);
    }
    return out;
}

void NetworkDocument::onParamsChanged()
{
    if (!m_network) return;
    if (currentParams() == m_requested) return;
    emit alphasChanged();
    schedule();
}

void NetworkDocument::exportTo(NetworkExport kind, const QString& path)
{
    if (!m_packing || !m_network || m_export.isRunning()) {
        emit exportFailed(m_export.isRunning() ? "an export is still being written" : "nothing is packed yet");
        return;
    }
    const auto packing = m_packing;
    const auto network = m_network;
    const std::string file = path.toStdString();
    const std::string source = m_layer->sourcePath().toStdString();
    emit exportStarted(path);
    m_export.setFuture(QtConcurrent::run([kind, packing, network, file, source]() -> QString {
        try {
            std::vector<LayerFilterMatrix> layers;
            for (std::size_t row : packing->rows) layers.push_back(network->layers[row]);
            std::vector<LayerFilterMatrix> notPacked;
            for (const LayerFilterMatrix& l : network->layers)
                if (!l.notPacked.empty()) notPacked.push_back(l);
            switch (kind) {
            case NetworkExport::Archive: writeNpz(file, packingArchive(layers, packing->results), ZipCompression::Fast); break;
            case NetworkExport::Json:
                writeFileAtomically(file, networkPackingToJson(source, layers, packing->results, packing->report, notPacked, packing->seconds).dump(1) + "\n");
                break;
            case NetworkExport::Masks: {
                const std::vector<NpzEntry> masks = pruningMasks(layers, packing->results);
                writeNpz(file, masks, ZipCompression::Fast);
                QString summary = QString("ok: %1 masks written to %2").arg(masks.size() - 1).arg(QString::fromStdString(file));
                if (!notPacked.empty()) summary += QString(" (%1 depthwise layers are not packed and have none)").arg(notPacked.size());
                return summary;
            }
            case NetworkExport::MemoryFiles: {
                const std::size_t files = writeMemoryFiles(file, layers, packing->results, 8).size();
                return QString("ok: %1 memory files for %2 layers in %3").arg(files).arg(layers.size()).arg(QString::fromStdString(file));
            }
            }
            return QString("ok: %1 layers written to %2").arg(layers.size()).arg(QString::fromStdString(file));
        } catch (const std::exception& e) {
            return QString::fromStdString(e.what());
        }
    }));
}

void NetworkDocument::cancel()
{
    m_wanted = false;
    if (m_cancel) *m_cancel = true;
}

void NetworkDocument::schedule()
{
    m_wanted = true;
    if (m_inFlight) {
        *m_cancel = true;  // stale: stop it, the newest runs next
        return;
    }
    start();
}

void NetworkDocument::start()
{
    m_wanted = false;
    m_inFlight = true;
    emit busyChanged(true);
    std::vector<std::size_t> rows = m_packable;
    std::vector<PackingParams> params = m_requested = currentParams();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const auto cancel = m_cancel;
    QPointer<NetworkDocument> self(this);
    const int total = static_cast<int>(rows.size());
    emit progress(0, total);
    m_watcher.setFuture(QtConcurrent::run([network = m_network, rows = std::move(rows), params = std::move(params), cancel, self, total]() -> Outcome {
        try {
            const auto begin = std::chrono::steady_clock::now();
            auto packing = std::make_shared<NetworkPacking>();
            packing->rows = rows;
            const auto onLayer = [&](std::size_t done, std::size_t) {
                QMetaObject::invokeMethod(
                    self.data(), [self, done, total] { if (self) emit self->progress(static_cast<int>(done), total); }, Qt::QueuedConnection);
                return !*cancel;
            };
            static_cast<colcomb::NetworkPacking&>(*packing) = packNetworkFile(*network, rows, params, {}, 0, onLayer);
            packing->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
            return {packing, {}, false};
        } catch (const PackingCancelled&) {
            return {nullptr, {}, true};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what()), false};
        }
    }));
}

void NetworkDocument::onFinished()
{
    m_inFlight = false;
    const Outcome outcome = m_watcher.result();
    if (m_wanted && m_network) {  // superseded
        start();
        return;
    }
    emit busyChanged(false);
    if (!m_network) return;
    if (outcome.cancelled) {
        emit cancelled();
        return;
    }
    if (!outcome.error.isEmpty()) {
        emit packingFailed(outcome.error);
        return;
    }
    m_packing = outcome.packing;
    emit packingChanged();
}

} // namespace colcomb::ui
