#pragma once
// Animations for slides, as a PNG frame sequence or one animated GIF (giflib): the array's, a
// range of cycles rendered from its own trace (so it can run on a worker thread while the studio
// keeps playing), and any other frame sequence (stepping through a packing).
#include "systolic/LayerTrace.h"

#include <QImage>
#include <QList>
#include <QPoint>
#include <QSize>
#include <QString>

class QWidget;

#include <functional>
#include <memory>

namespace colcomb::ui {

// What a frame says besides the array: the panel's title, the cell it follows, and (the worked
// example) the inputs and expected outputs as HTML tables.
struct FrameText {
    QString title;
    QPoint cell{-1, -1};
    QString tablesHtml;
};

struct AnimationRequest {
    QString path;              // .gif file, or a folder for PNG frames
    bool gif = true;
    long long firstCycle = 0;  // frames show the array after this many cycles...
    long long lastCycle = 0;   // ...through this many, inclusive
    QSize size{960, 600};
    int frameDelayMs = 250;    // GIF only
    FrameText text;
};

// Called after each frame with (frames done, frames in all); return false to cancel.
using ExportProgress = std::function<bool(int, int)>;

struct AnimationOutcome {
    QString error;  // empty unless it failed: the file and the problem
    bool cancelled = false;
};

// Renders frame k (0-based, in order).
using FrameRenderer = std::function<QImage(int)>;

// The frames as an animated GIF (one fixed palette: the array's colours, `extraColours`, a colour
// cube and greys) or numbered PNG files in a folder; the GIF appears whole or not at all.
AnimationOutcome writeFrames(const AnimationRequest& request, int frames, const FrameRenderer& render, const ExportProgress& progress = {},
                             const QList<QRgb>& extraColours = {});

// The array animation of a cycle range.
AnimationOutcome exportAnimation(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config,
                        const AnimationRequest& request, const ExportProgress& progress = {});

// exportAnimation on a worker thread behind a modal progress dialog over `parent`, whose Cancel
// stops it; a local event loop keeps the window alive meanwhile. Returns when the export ends.
AnimationOutcome exportAnimationWithProgress(QWidget* parent, std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs,
                                             const ArrayConfig& config, const AnimationRequest& request);

// One frame as the export draws it: the status (cycle, tile, phase, utilization), the phase's
// caption, the array, the legend, and the followed cell's explanation and the tables if given,
// laid out to fill `size`.
QImage renderArrayFrame(const LayerTrace& trace, QSize size, const FrameText& text = {});

} // namespace colcomb::ui
