#include "PackingStepsPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace colcomb::ui {

namespace {

// The same ladder of doublings as the array's playback, from half a step a second.
constexpr int kSpeedSteps = 8;
double speedOf(int step) { return std::ldexp(0.5, step); }

QPushButton* button(const QString& text, const QString& tip)
{
    auto* b = new QPushButton(text);
    b->setToolTip(tip);
    b->setFocusPolicy(Qt::NoFocus);
    return b;
}

} // namespace

PackingStepsPanel::PackingStepsPanel(SteppingJob* job, QWidget* parent)
    : QWidget(parent), m_job(job), m_play(button("Play", "Play / pause the steps")), m_speed(new QSlider(Qt::Horizontal)), m_speedLabel(new QLabel),
      m_step(new QSlider(Qt::Horizontal)), m_counter(new QLabel), m_caption(new QLabel)
{
    setObjectName("packingSteps");
    auto* first = button("|<", "Back to the start: the columns before any decision");
    auto* back = button("<", "One step back");
    auto* forward = button(">", "One step forward");
    auto* last = button(">|", "The end: every group formed and pruned");
    auto* exportButton = button("Export steps...", "The steps as an animated GIF or PNG frames, both matrices and the caption");
    auto* close = button("Close", "Leave the step-through: the matrices show the finished packing again");
    m_speed->setRange(0, kSpeedSteps - 1);
    m_speed->setValue(2);
    m_speed->setPageStep(1);
    m_speed->setMaximumWidth(120);
    m_speed->setToolTip("Steps a second: 0.5, 1, 2 ... 64");
    m_step->setToolTip("Jump to a step");
    m_step->setObjectName("stepSlider");
    m_caption->setObjectName("stepCaption");
    m_caption->setWordWrap(true);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont captionFont = m_caption->font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 1.15);
    m_caption->setFont(captionFont);
    m_counter->setMinimumWidth(90);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel("<b>Step through packing</b>"));
    for (QPushButton* b : {first, back, m_play, forward, last}) controls->addWidget(b);
    controls->addWidget(new QLabel("speed"));
    controls->addWidget(m_speed);
    controls->addWidget(m_speedLabel);
    controls->addStretch(1);
    controls->addWidget(exportButton);
    controls->addWidget(close);
    auto* position = new QHBoxLayout;
    position->addWidget(m_step, 1);
    position->addWidget(m_counter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addLayout(position);
    layout->addWidget(m_caption);

    connect(first, &QPushButton::clicked, this, [this] { seek(0); });
    connect(back, &QPushButton::clicked, this, &PackingStepsPanel::stepBack);
    connect(forward, &QPushButton::clicked, this, &PackingStepsPanel::stepForward);
    connect(last, &QPushButton::clicked, this, [this] { seek(stepCount()); });
    connect(m_play, &QPushButton::clicked, this, [this] { isPlaying() ? pause() : play(); });
    connect(exportButton, &QPushButton::clicked, this, &PackingStepsPanel::exportRequested);
    connect(close, &QPushButton::clicked, this, &PackingStepsPanel::closeRequested);
    connect(m_step, &QSlider::valueChanged, this, [this](int v) {
        if (v != m_position) seek(v);
    });
    connect(m_speed, &QSlider::valueChanged, this, [this] {
        if (isPlaying()) m_timer.start(static_cast<int>(1000.0 / speed()));
        updateControls();
    });
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_position >= stepCount()) return pause();
        stepForward();
    });
    // The steps are recorded by the workspace's SteppingJob; this plays them.
    connect(m_job, &SteppingJob::ready, this, [this](const std::shared_ptr<const SteppedPacking>& stepped) {
        m_stepped = stepped;
        m_position = std::min(m_position, stepCount());
        showFrame();
    });
    connect(m_job, &SteppingJob::failed, this, [this](const QString& error) {
        m_caption->setText("These parameters cannot be stepped through: " + error);
    });
    updateControls();
}

int PackingStepsPanel::stepCount() const { return m_stepped ? static_cast<int>(m_stepped->stepCount()) : 0; }

double PackingStepsPanel::speed() const { return speedOf(m_speed->value()); }

void PackingStepsPanel::setPacking(const PackingPtr& packing)
{
    if (!packing) {
        // The layer is still packing (its steps follow) or none is open.
        m_caption->setText("Waiting for a packed layer to step through.");
        return;
    }
    const bool sameLayer = m_source && m_source->original == packing->original;
    if (sameLayer && m_source->params == packing->params && m_stepped) return;
    if (!sameLayer) m_position = 0;
    m_source = packing;
    m_stepped.reset();  // the steps shown belong to the old packing until the new ones arrive
    m_caption->setText("Recording the decisions...");
    m_job->start(packing->original, packing->params);
}

void PackingStepsPanel::seek(int position)
{
    if (!m_stepped) return;
    m_position = std::clamp(position, 0, stepCount());
    showFrame();
}

void PackingStepsPanel::stepForward() { seek(m_position + 1); }

void PackingStepsPanel::stepBack() { seek(m_position - 1); }

void PackingStepsPanel::play()
{
    if (!m_stepped) return;
    if (m_position >= stepCount()) seek(0);
    m_timer.start(static_cast<int>(1000.0 / speed()));
    updateControls();
}

void PackingStepsPanel::pause()
{
    m_timer.stop();
    updateControls();
}

void PackingStepsPanel::showFrame()
{
    SteppedFrame f = m_stepped->frame(static_cast<std::size_t>(m_position));
    m_frame = {std::move(f.packing), std::move(f.columns), std::move(f.conflicts), QString::fromStdString(f.caption)};
    m_caption->setText(m_frame.caption);
    updateControls();
    emit frameChanged();
}

void PackingStepsPanel::updateControls()
{
    m_play->setText(isPlaying() ? "Pause" : "Play");
    m_speedLabel->setText(QString("%1/s").arg(speed(), 0, 'g', 3));
    const QSignalBlocker block(m_step);
    m_step->setRange(0, stepCount());
    m_step->setValue(m_position);
    m_counter->setText(m_stepped ? QString("step %1 / %2").arg(m_position).arg(stepCount()) : QString());
}

} // namespace colcomb::ui
