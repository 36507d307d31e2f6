#pragma once
// Step through packing: the matrix tab's player for a packing's decisions (core's
// CombiningSteps). Play, pause, step forward and back, speed, jump to a step; each step is a frame
// the matrix plots show (the groups so far, the weights pruned so far, the step's columns and
// conflict cells) with its caption in plain words. The workspace's SteppingJob records the steps
// off the UI thread; core's SteppedPacking hands out each frame.
#include "LayerDocument.h"
#include "SteppingJob.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QSlider;

namespace colcomb::ui {

// What the plots show at one step.
struct StepFrame {
    PackingPtr packing;
    std::vector<int> columns;
    std::vector<std::pair<int, int>> conflicts;
    QString caption;
};

class PackingStepsPanel : public QWidget {
    Q_OBJECT

public:
    explicit PackingStepsPanel(SteppingJob* job, QWidget* parent = nullptr);

    // Steps the packing of this layer under these parameters; a new layer starts at step 0, new
    // parameters on the same layer keep the position where they can.
    void setPacking(const PackingPtr& packing);
    bool isReady() const { return m_stepped != nullptr; }
    int stepCount() const;
    int position() const { return m_position; }
    void seek(int position);
    void stepForward();
    void stepBack();
    void play();
    void pause();
    bool isPlaying() const { return m_timer.isActive(); }
    double speed() const;
    const StepFrame& frame() const { return m_frame; }

signals:
    void frameChanged();
    void exportRequested();
    void closeRequested();

private:
    void showFrame();
    void updateControls();

    SteppingJob* m_job;
    PackingPtr m_source;  // the layer and parameters being stepped
    std::shared_ptr<const SteppedPacking> m_stepped;
    int m_position = 0;
    StepFrame m_frame;
    QTimer m_timer;
    QPushButton* m_play;
    QSlider* m_speed;
    QLabel* m_speedLabel;
    QSlider* m_step;
    QLabel* m_counter;
    QLabel* m_caption;
};

} // namespace colcomb::ui
