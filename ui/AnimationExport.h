#pragma once
// The array's animation for slides: a range of cycles rendered as a PNG frame sequence or one
// animated GIF (giflib). Rendering uses its own trace, so it can run on a worker thread while the
// studio keeps playing.
#include "systolic/LayerTrace.h"

#include <QImage>
#include <QSize>
#include <QString>

#include <functional>
#include <memory>

namespace colcomb::ui {

struct AnimationRequest {
    QString path;              // .gif file, or a folder for PNG frames
    bool gif = true;
    long long firstCycle = 0;  // frames show the array after this many cycles...
    long long lastCycle = 0;   // ...through this many, inclusive
    QSize size{960, 600};
    int frameDelayMs = 250;    // GIF only
};

// Called after each frame with (frames done, frames in all); return false to cancel.
using ExportProgress = std::function<bool(int, int)>;

struct AnimationOutcome {
    QString error;  // empty unless it failed: the file and the problem
    bool cancelled = false;
};

AnimationOutcome exportAnimation(std::shared_ptr<const QuantizedLayer> layer, std::shared_ptr<const InputBatch> inputs, const ArrayConfig& config,
                        const AnimationRequest& request, const ExportProgress& progress = {});

// One frame as the export draws it: the array and a caption line with cycle and phase.
QImage renderArrayFrame(const LayerTrace& trace, QSize size);

} // namespace colcomb::ui
