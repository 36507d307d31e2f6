#include "AnimationExport.h"

#include "ArrayRenderer.h"

#include <gif_lib.h>

#include <QDir>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>
#include <QImage>
#include <QPainter>
#include <QSaveFile>
#include <QTextDocument>

#include <atomic>
#include <cmath>

namespace colcomb::ui {

namespace {

int appendToBuffer(GifFileType* gif, const GifByteType* bytes, int length)
{
    static_cast<QByteArray*>(gif->UserData)->append(reinterpret_cast<const char*>(bytes), length);
    return length;
}

// One palette for every frame: each colour the renderer uses, exactly (a MAC is green, loading
// weights yellow, in every frame), a ramp of greys for antialiased text, and a 6 x 6 x 6 colour
// cube for whatever else. A palette taken from the first frame held greys only: the first cycles
// load weights and nothing computes yet.
QList<QRgb> gifPalette(const QList<QRgb>& extraColours)
{
    QList<QRgb> table = arrayColours() + extraColours;
    for (int r = 0; r < 6; ++r)
        for (int g = 0; g < 6; ++g)
            for (int b = 0; b < 6; ++b) table.push_back(qRgb(r * 51, g * 51, b * 51));
    for (int k = 0; table.size() < 256; ++k) table.push_back(qRgb(k * 10 + 5, k * 10 + 5, k * 10 + 5));
    return table.mid(0, 256);
}

// Encodes frame by frame into memory (compressed, so memory stays small however many frames),
// then writes the file whole or not at all.
class GifWriter {
public:
    GifWriter(QSize size, int delayMs, QList<QRgb> extraColours) : m_size(size), m_delay(std::max(2, delayMs / 10)), m_extra(std::move(extraColours)) {}
    ~GifWriter()
    {
        if (m_gif) EGifCloseFile(m_gif, nullptr);
        if (m_map) GifFreeMapObject(m_map);
    }

    // Empty on success; otherwise what went wrong.
    QString add(const QImage& frame)
    {
        if (!m_gif && !start()) return "cannot start the GIF encoder";
        const QImage indexed = frame.convertToFormat(QImage::Format_Indexed8, m_table, Qt::ThresholdDither | Qt::AvoidDither);
        const GifByteType control[] = {0, static_cast<GifByteType>(m_delay & 0xff), static_cast<GifByteType>(m_delay >> 8), 0};
        bool ok = EGifPutExtension(m_gif, GRAPHICS_EXT_FUNC_CODE, 4, control) == GIF_OK
                  && EGifPutImageDesc(m_gif, 0, 0, m_size.width(), m_size.height(), false, nullptr) == GIF_OK;
        for (int y = 0; ok && y < m_size.height(); ++y)
            ok = EGifPutLine(m_gif, const_cast<GifPixelType*>(indexed.constScanLine(y)), m_size.width()) == GIF_OK;
        return ok ? QString() : QString("GIF encoding failed: ") + GifErrorString(m_gif->Error);
    }

    QString save(const QString& path)
    {
        int error = 0;
        if (!m_gif || EGifCloseFile(m_gif, &error) != GIF_OK) {
            m_gif = nullptr;
            return path + ": GIF encoding failed";
        }
        m_gif = nullptr;
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(m_bytes) != m_bytes.size() || !file.commit())
            return path + ": cannot write: " + file.errorString();
        return {};
    }

private:
    bool start()
    {
        m_table = gifPalette(m_extra);
        int error = 0;
        m_gif = EGifOpen(&m_bytes, appendToBuffer, &error);
        if (!m_gif) return false;
        EGifSetGifVersion(m_gif, true);
        m_map = GifMakeMapObject(256, nullptr);
        for (int i = 0; i < 256; ++i)
            m_map->Colors[i] = {static_cast<GifByteType>(qRed(m_table[i])), static_cast<GifByteType>(qGreen(m_table[i])), static_cast<GifByteType>(qBlue(m_table[i]))};
        // Loop forever (the NETSCAPE2.0 application extension).
        const GifByteType loop[] = {1, 0, 0};
        return EGifPutScreenDesc(m_gif, m_size.width(), m_size.height(), 8, 0, m_map) == GIF_OK
               && EGifPutExtensionLeader(m_gif, APPLICATION_EXT_FUNC_CODE) == GIF_OK && EGifPutExtensionBlock(m_gif, 11, "NETSCAPE2.0") == GIF_OK
               && EGifPutExtensionBlock(m_gif, 3, loop) == GIF_OK && EGifPutExtensionTrailer(m_gif) == GIF_OK;
    }

    QSize m_size;
    int m_delay;  // hundredths of a second
    QList<QRgb> m_extra;
    QList<QRgb> m_table;
    QByteArray m_bytes;
    GifFileType* m_gif = nullptr;
    ColorMapObject* m_map = nullptr;
};

QString savePng(const QImage& image, const QString& path)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || !image.save(&file, "PNG") || !file.commit()) return path + ": cannot write: " + file.errorString();
    return {};
}

} // namespace

QImage renderArrayFrame(const LayerTrace& trace, QSize size, const FrameText& text)
{
    // What the Array tab shows, laid out to fill the frame: the status and the phase's caption
    // across the top; the array; beside it (below it in a tall frame) the legend, the followed
    // cell's explanation and the worked example's tables.
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing);
    p.setRenderHint(QPainter::TextAntialiasing);
    const int margin = std::max(6, size.width() / 100);
    const double scale = std::clamp(size.width() / 960.0, 0.6, 2.5);  // text grows with the frame
    QFont bold = p.font();
    bold.setPointSizeF(11.0 * scale);
    bold.setBold(true);
    QFont body = p.font();
    body.setPointSizeF(10.0 * scale);
    const QString status = QString("%1cycle %2 of %3 · tile %4 of %5 · %6 · MAC utilization so far %7%")
                               .arg(text.title.isEmpty() ? QString() : text.title + " · ")
                               .arg(trace.cycle())
                               .arg(trace.totalCycles())
                               .arg(trace.tileIndex() + 1)
                               .arg(std::max(1, trace.tileCount()))
                               .arg(phaseName(trace.cycle() == 0 ? Phase::WeightLoad : trace.phase()))
                               .arg(trace.utilizationSoFar() * 100.0, 0, 'f', 1);
    const QString caption = trace.cycle() == 0 ? QString("Before the first cycle: the array is empty.") : phaseCaption(trace.phase());
    const int textWidth = size.width() - 2 * margin;
    p.setFont(bold);
    const QRect statusBox = p.boundingRect(QRect(margin, margin, textWidth, size.height()), Qt::TextWordWrap, status);
    p.setPen(QColor(30, 30, 30));
    p.drawText(statusBox, Qt::TextWordWrap, status);
    p.setFont(body);
    const QRect captionBox = p.boundingRect(QRect(margin, statusBox.bottom() + margin / 2, textWidth, size.height()), Qt::TextWordWrap, caption);
    p.drawText(captionBox, Qt::TextWordWrap, caption);
    const int top = captionBox.bottom() + margin;

    // The side: legend, cell, tables, in one document that shrinks its type until it fits.
    QString side = "<p>" + arrayLegendHtml() + "</p>";
    if (text.cell.x() >= 0 && trace.cycle() > 0)
        side += "<p><b>Cell r" + QString::number(text.cell.y()) + " c" + QString::number(text.cell.x()) + ":</b> "
                + describeArrayCell(trace, text.cell.y(), text.cell.x()).toHtmlEscaped() + "</p>";
    side += text.tablesHtml;
    // A column beside the array for the tables; a legend alone goes below it, leaving the width.
    const bool wide = !text.tablesHtml.isEmpty() && size.width() >= size.height() * 1.2 && size.width() >= 480;
    const int sideWidth = wide ? std::clamp(size.width() * 2 / 5, 200, 900) : textWidth;
    const int room = size.height() - top - margin;
    QTextDocument doc;
    doc.setDocumentMargin(0);
    doc.setHtml(side);
    doc.setTextWidth(sideWidth);
    const int sideHeightLimit = wide ? room : room * 2 / 5;
    for (double pt = 10.0 * scale; pt >= 5.0; pt -= 0.5) {
        QFont f = body;
        f.setPointSizeF(pt);
        doc.setDefaultFont(f);
        if (doc.size().height() <= sideHeightLimit) break;
    }
    const int sideHeight = std::min(static_cast<int>(std::ceil(doc.size().height())), sideHeightLimit);
    const QRect sideBox = wide ? QRect(size.width() - margin - sideWidth, top, sideWidth, sideHeight)
                               : QRect(margin, size.height() - margin - sideHeight, sideWidth, sideHeight);
    p.save();
    p.translate(sideBox.topLeft());
    doc.drawContents(&p, QRectF(0, 0, sideBox.width(), sideBox.height()));
    p.restore();
    const QRect arrayBox = wide ? QRect(0, top, sideBox.left() - margin / 2, size.height() - top)
                                : QRect(0, top, size.width(), sideBox.top() - margin / 2 - top);
    paintArray(p, arrayBox, trace, text.cell);
    return image;
}

AnimationOutcome writeFrames(const AnimationRequest& request, int frames, const FrameRenderer& render, const ExportProgress& progress,
                             const QList<QRgb>& extraColours)
{
    if (request.size.width() < 64 || request.size.height() < 64 || request.size.width() > 8000 || request.size.height() > 8000)
        return {request.path + ": frame size must be 64..8000 pixels a side"};
    if (frames > 5000) return {request.path + ": at most 5000 frames at once (asked for " + QString::number(frames) + ")"};
    if (!request.gif && !QDir().mkpath(request.path)) return {request.path + ": cannot create the folder"};
    GifWriter gif(request.size, request.frameDelayMs, extraColours);
    for (int k = 0; k < frames; ++k) {
        const QImage frame = render(k);
        const QString error = request.gif ? gif.add(frame) : savePng(frame, QDir(request.path).filePath(QString("frame_%1.png").arg(k, 5, 10, QChar('0'))));
        if (!error.isEmpty()) return {request.gif ? request.path + ": " + error : error};
        if (progress && !progress(k + 1, frames)) return {{}, true};
    }
    return {request.gif ? gif.save(request.path) : QString()};
}

AnimationOutcome exportAnimation(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config,
                        const AnimationRequest& request, const ExportProgress& progress)
{
    LayerTrace trace(std::move(layer), std::move(inputs), config);
    const long long first = std::clamp(request.firstCycle, 0LL, trace.totalCycles());
    const long long last = std::clamp(request.lastCycle, first, trace.totalCycles());
    trace.seek(first);
    return writeFrames(request, static_cast<int>(std::min<long long>(last - first + 1, 1 << 30)), [&](int k) {
        if (k > 0) trace.next();
        return renderArrayFrame(trace, request.size, request.text);
    }, progress);
}

AnimationOutcome exportAnimationWithProgress(QWidget* parent, std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs,
                                             const ArrayConfig& config, const AnimationRequest& request)
{
    std::atomic<bool> cancel{false};
    std::atomic<int> done{0};
    QProgressDialog progress("Rendering frames...", "Cancel", 0, static_cast<int>(request.lastCycle - request.firstCycle + 1), parent);
    progress.setWindowModality(Qt::WindowModal);
    progress.setMinimumDuration(500);
    QFutureWatcher<AnimationOutcome> watcher;
    QEventLoop loop;
    QTimer tick;
    tick.setInterval(50);
    QObject::connect(&tick, &QTimer::timeout, &progress, [&] {
        progress.setValue(done.load());
        if (progress.wasCanceled()) cancel = true;
    });
    QObject::connect(&watcher, &QFutureWatcher<AnimationOutcome>::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(QtConcurrent::run([&, layer = std::move(layer), inputs = std::move(inputs)] {
        return exportAnimation(layer, inputs, config, request, [&](int k, int) {
            done = k;
            return !cancel.load();
        });
    }));
    tick.start();
    loop.exec();
    return watcher.result();
}

} // namespace colcomb::ui
