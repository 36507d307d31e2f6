#include "PackingStepsPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

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

PackingStepsPanel::PackingStepsPanel(QWidget* parent)
    : QWidget(parent), m_play(button("Play", "Play / pause the steps")), m_speed(new QSlider(Qt::Horizontal)), m_speedLabel(new QLabel),
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
    connect(&m_watcher, &QFutureWatcher<std::shared_ptr<const CombiningSteps>>::finished, this, [this] {
        const auto steps = m_watcher.result();
        if (!steps) {
            m_caption->setText("These parameters cannot be stepped through: they are not valid.");
            return;
        }
        m_steps = steps;
        m_position = std::min(m_position, stepCount());
        showFrame();
    });
    updateControls();
}

PackingStepsPanel::~PackingStepsPanel() { m_watcher.waitForFinished(); }

int PackingStepsPanel::stepCount() const { return m_steps ? static_cast<int>(m_steps->steps.size()) : 0; }

double PackingStepsPanel::speed() const { return speedOf(m_speed->value()); }

void PackingStepsPanel::setPacking(const PackingPtr& packing)
{
    if (!packing) {
        // The layer is still packing (its steps follow) or none is open.
        m_caption->setText("Waiting for a packed layer to step through.");
        return;
    }
    const bool sameLayer = m_source && m_source->original == packing->original;
    if (sameLayer && m_source->params == packing->params && m_steps) return;
    if (!sameLayer) m_position = 0;
    m_source = packing;
    m_caption->setText("Recording the decisions...");
    const FilterMatrix weights = packing->original;
    const PackingParams params = packing->params;
    m_watcher.setFuture(QtConcurrent::run([weights, params]() -> std::shared_ptr<const CombiningSteps> {
        try {
            auto steps = std::make_shared<CombiningSteps>();
            packLayer(weights, params, steps.get());
            return steps;
        } catch (const std::exception&) {
            return nullptr;
        }
    }));
}

void PackingStepsPanel::seek(int position)
{
    if (!m_steps) return;
    m_position = std::clamp(position, 0, stepCount());
    showFrame();
}

void PackingStepsPanel::stepForward() { seek(m_position + 1); }

void PackingStepsPanel::stepBack() { seek(m_position - 1); }

void PackingStepsPanel::play()
{
    if (!m_steps) return;
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
    const StepView view = viewAfterSteps(m_source->original, *m_steps, static_cast<std::size_t>(m_position));
    auto result = std::make_shared<PackingResult>();
    result->params = m_source->params;
    result->original = m_source->original;
    result->pruned = view.pruned;
    result->packed = view.packed;
    result->metrics.nnzBefore = m_source->metrics.nnzBefore;
    result->metrics.nnzAfter = view.packed.nnz();
    result->metrics.nonzeroColumns = m_source->metrics.nonzeroColumns;
    result->metrics.groups = view.packed.groupCount();
    m_frame = {result, view.columns, view.conflicts, QString::fromStdString(view.caption)};
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
    m_counter->setText(m_steps ? QString("step %1 / %2").arg(m_position).arg(stepCount()) : QString());
}

} // namespace colcomb::ui
