#include "LayerDocument.h"

#include "io/MatrixFile.h"

#include <QFileInfo>
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

void LayerDocument::setSource(FilterMatrix matrix, const QString& name)
{
    m_source = std::make_shared<const FilterMatrix>(std::move(matrix));
    m_name = name;
    emit sourceChanged();
    schedulePacking();
}

void LayerDocument::setParams(const PackingParams& params)
{
    m_params = params;
    schedulePacking();
}

void LayerDocument::openFile(const QString& path)
{
    m_loadWatcher.waitForFinished();  // one load at a time; loads are short next to a user's clicks
    m_loadingPath = path;
    m_loadInFlight = true;
    const std::string file = path.toStdString();
    m_loadWatcher.setFuture(QtConcurrent::run([file]() -> Loaded {
        try {
            return {std::make_shared<FilterMatrix>(loadFilterMatrix(file)), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    emit busyChanged(true);
}

void LayerDocument::onLoadFinished()
{
    m_loadInFlight = false;
    const Loaded loaded = m_loadWatcher.result();
    if (!loaded.matrix) {
        emit loadFailed(loaded.error);
        emit busyChanged(isBusy());
        return;
    }
    setSource(std::move(*loaded.matrix), QFileInfo(m_loadingPath).fileName());
}

void LayerDocument::schedulePacking()
{
    if (!m_source) return;
    // While a packing runs, remember only that the newest parameters still need one: dragging a
    // slider across twenty values costs two packings, not twenty.
    if (m_packInFlight) {
        m_repackWanted = true;
        return;
    }
    m_repackWanted = false;
    m_packInFlight = true;
    const std::shared_ptr<const FilterMatrix> source = m_source;
    const PackingParams params = m_params;
    m_packWatcher.setFuture(QtConcurrent::run([source, params]() -> Outcome {
        try {
            return {std::make_shared<const PackingResult>(packLayer(*source, params)), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
    emit busyChanged(true);
}

void LayerDocument::onPackingFinished()
{
    m_packInFlight = false;
    const Outcome outcome = m_packWatcher.result();
    if (m_repackWanted) {
        schedulePacking();  // this result is already stale
        return;
    }
    if (outcome.result) {
        m_packing = outcome.result;
        emit packingChanged();
    } else {
        emit packingFailed(outcome.error);
    }
    emit busyChanged(isBusy());
}

} // namespace colcomb::ui
