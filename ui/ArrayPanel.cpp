#include "ArrayPanel.h"

#include "ArrayRenderer.h"
#include "ArrayView.h"
#include "Notices.h"
#include "ResultsPanel.h"
#include "StudioSettings.h"
#include "WorkspaceDocument.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace colcomb::ui {

namespace {

constexpr std::uint64_t kInputSeed = 1;

// Speeds on a fixed ladder of doublings, 0.5 to 1024 cycles a second (the slider's steps), so
// that + and - always return to where they started.
constexpr int kSpeedSteps = 12;
double speedOf(int step) { return std::ldexp(0.5, step); }
int sliderOf(double speed) { return std::clamp(static_cast<int>(std::lround(std::log2(speed / 0.5))), 0, kSpeedSteps - 1); }

QPushButton* toolButton(const QString& text, const QString& tip)
{
    auto* b = new QPushButton(text);
    b->setToolTip(tip);
    b->setFocusPolicy(Qt::NoFocus);  // keys belong to the view: space plays, arrows step
    return b;
}

} // namespace

ArrayPanel::ArrayPanel(SimulationJob* simulation, QWidget* parent)
    : QWidget(parent), m_simulation(simulation), m_view(new ArrayView(&m_playback)), m_results(new ResultsPanel), m_mac(new QComboBox), m_vectors(new QSpinBox),
      m_play(toolButton("Play", "Play / pause (space)")), m_speed(new QSlider(Qt::Horizontal)), m_speedLabel(new QLabel),
      m_jump(new QSpinBox), m_status(new QLabel), m_caption(new QLabel), m_cellText(new QLabel), m_exampleData(new QLabel), m_example(teachingExample())
{
    m_view->setObjectName("arrayView");
    m_status->setObjectName("arrayStatus");
    m_caption->setObjectName("phaseCaption");
    m_cellText->setObjectName("cellText");
    m_mac->addItem("bit-parallel", static_cast<int>(MacMode::BitParallel));
    m_mac->addItem("bit-serial", static_cast<int>(MacMode::BitSerial));
    m_mac->setToolTip("Bit-serial MACs stream data a bit per cycle: one MAC spans 8 cycles");
    m_vectors->setRange(1, 4096);
    m_vectors->setValue(8);
    m_vectors->setToolTip("Input vectors (spatial positions) streamed through the array");
    m_speed->setRange(0, kSpeedSteps - 1);
    m_speed->setPageStep(1);
    m_speed->setTickPosition(QSlider::TicksBelow);
    m_speed->setToolTip("Playback speed in cycles a second: 0.5, 1, 2, 4 ... 1024 (+ and - keys)");
    m_speed->setValue(sliderOf(m_playback.speed()));
    m_speed->setMinimumWidth(90);
    m_speed->setMaximumWidth(160);
    m_jump->setRange(0, 0);
    m_jump->setToolTip("Jump to cycle");
    m_jump->setKeyboardTracking(false);

    auto* teach = toolButton("Teaching example", "A 4 x 6 filter matrix packed with alpha 3 on a 4 x 2 array, numbers in every cell");
    auto* reset = toolButton("|<", "Back to cycle 0 (Home)");
    auto* back = toolButton("<", "One cycle back (Left)");
    auto* forward = toolButton(">", "One cycle forward (Right)");
    auto* full = m_fullScreen = toolButton("Full screen", "Present the array full screen (F11 on and off, Esc to leave)");
    auto* exportButton = toolButton("Export animation...", "PNG frames or an animated GIF of a cycle range");
    auto* controls = new QHBoxLayout;
    for (QPushButton* b : {reset, back, m_play, forward}) controls->addWidget(b);
    controls->addWidget(new QLabel("speed"));
    controls->addWidget(m_speed);
    controls->addWidget(m_speedLabel);
    controls->addWidget(new QLabel("cycle"));
    controls->addWidget(m_jump);
    controls->addStretch(1);
    controls->addWidget(teach);
    auto* settings = new QHBoxLayout;
    settings->addWidget(new QLabel("MACs"));
    settings->addWidget(m_mac);
    settings->addWidget(new QLabel("vectors"));
    settings->addWidget(m_vectors);
    settings->addStretch(1);
    settings->addWidget(full);
    settings->addWidget(exportButton);

    auto* legend = new QLabel(arrayLegendHtml());
    legend->setWordWrap(true);
    m_exampleData->setObjectName("exampleData");
    m_exampleData->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exampleData->setWordWrap(true);
    m_exampleData->setToolTip("The worked example's input vectors and the outputs the array must produce, to check by hand");
    m_exampleData->setVisible(false);
    auto* side = new QVBoxLayout;
    side->addWidget(new QLabel("<b>On the array, against the baselines</b>"));
    side->addWidget(m_results);
    side->addWidget(legend);
    side->addWidget(m_exampleData);
    side->addStretch(1);
    auto* sideWidget = new QWidget;
    sideWidget->setLayout(side);
    sideWidget->setMinimumWidth(400);  // the results table's four columns without wrapping
    sideWidget->setMaximumWidth(460);

    auto* middle = new QHBoxLayout;
    middle->addWidget(m_view, 1);
    middle->addWidget(sideWidget);
    for (QLabel* l : {m_caption, m_cellText}) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    QFont captionFont = m_caption->font();
    captionFont.setPointSizeF(captionFont.pointSizeF() * 1.15);
    m_caption->setFont(captionFont);
    m_status->setFont(captionFont);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addLayout(settings);
    layout->addWidget(m_status);
    layout->addLayout(middle, 1);
    layout->addWidget(m_caption);
    layout->addWidget(m_cellText);

    connect(teach, &QPushButton::clicked, this, &ArrayPanel::showTeachingExample);
    connect(reset, &QPushButton::clicked, this, [this] { m_playback.seek(0); });
    connect(back, &QPushButton::clicked, &m_playback, &ArrayPlayback::stepBack);
    connect(forward, &QPushButton::clicked, &m_playback, &ArrayPlayback::stepForward);
    connect(m_play, &QPushButton::clicked, this, [this] { m_playback.isPlaying() ? m_playback.pause() : m_playback.play(); });
    connect(&m_playback, &ArrayPlayback::playingChanged, this, [this](bool playing) { m_play->setText(playing ? "Pause" : "Play"); });
    connect(m_speed, &QSlider::valueChanged, this, [this](int v) {
        m_playback.setSpeed(speedOf(v));
        updateStatus();
    });
    connect(m_jump, &QSpinBox::valueChanged, this, [this](int v) {
        if (m_playback.hasProgram() && v != m_playback.trace().cycle()) m_playback.seek(v);
    });
    const auto edited = [this] {
        m_programStale = true;
        if (isVisible()) ensureProgram();
        if (!m_applying && !m_teaching) emit simulationEdited(macMode(), vectors());
    };
    connect(m_mac, &QComboBox::currentIndexChanged, this, edited);
    connect(m_vectors, &QSpinBox::valueChanged, this, edited);
    connect(full, &QPushButton::clicked, this, &ArrayPanel::fullScreenRequested);
    connect(exportButton, &QPushButton::clicked, this, &ArrayPanel::chooseAndExport);
    connect(&m_playback, &ArrayPlayback::frameChanged, this, &ArrayPanel::updateStatus);
    connect(m_view, &ArrayView::cellSelected, this, &ArrayPanel::onCellSelected);
    // The comparison is simulated by the workspace's SimulationJob; this shows its answer.
    connect(m_simulation, &SimulationJob::finished, this, [this](const std::shared_ptr<const ArrayComparison>& c) { m_results->showComparison(*c); });
    connect(m_simulation, &SimulationJob::failed, m_results, &ResultsPanel::showError);

    // Presenting: keys work anywhere in the tab.
    const auto key = [this](QKeySequence seq, auto slot) {
        auto* s = new QShortcut(seq, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, slot);
    };
    key(Qt::Key_Space, [this] { m_play->click(); });
    key(Qt::Key_Right, [this] { m_playback.stepForward(); });
    key(Qt::Key_Left, [this] { m_playback.stepBack(); });
    key(Qt::Key_Home, [this] { m_playback.seek(0); });
    key(Qt::Key_Plus, [this] { m_speed->setValue(m_speed->value() + 1); });
    key(Qt::Key_Equal, [this] { m_speed->setValue(m_speed->value() + 1); });
    key(Qt::Key_Minus, [this] { m_speed->setValue(m_speed->value() - 1); });
    updateStatus();
}

ArrayConfig ArrayPanel::currentConfig() const
{
    ArrayConfig c = m_teaching ? m_example.array : ArrayConfig{};
    if (!m_teaching && m_packing) {
        c.shape = m_packing->params.array;
        c.muxWidth = groupWidth(m_packing->params);
    }
    c.mac = static_cast<MacMode>(m_mac->currentData().toInt());
    return c;
}

void ArrayPanel::showPacking(const PackingPtr& packing)
{
    // The teaching example's own packing arrives through the document too: keep its unscaled layer.
    if (m_teaching && packing->original == m_example.weights && packing->packed.groups() == m_example.packed.groups()) return;
    if (m_teaching) {
        // The example's own vector count leaves with it.
        m_teaching = false;
        m_applying = true;
        m_vectors->setValue(m_vectorsOutsideExample);
        m_applying = false;
    }
    m_packing = packing;
    m_programStale = true;
    if (isVisible()) ensureProgram();
}

void ArrayPanel::setFullScreenShown(bool shown) { m_fullScreen->setText(shown ? "Leave full screen" : "Full screen"); }

void ArrayPanel::focusArray() { m_view->setFocus(Qt::OtherFocusReason); }

void ArrayPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    ensureProgram();
}

void ArrayPanel::ensureProgram()
{
    if (m_programStale) rebuildProgram();
}

void ArrayPanel::showTeachingExample()
{
    if (!m_teaching) m_vectorsOutsideExample = m_vectors->value();
    m_teaching = true;
    const QSignalBlocker block(m_vectors);
    m_vectors->setValue(static_cast<int>(m_example.inputs.rows()));
    rebuildProgram();
    m_view->selectCell({0, 0});
}

QString ArrayPanel::exampleDataText() const
{
    // X as the array receives it (one vector per time step) and Y = F X, exactly as the
    // simulator's reference computes it.
    const InputBatch& x = *m_inputs;
    const Int64Matrix y = referenceProduct(*m_layer, x);
    QString html = "<p><b>Worked example: inputs and expected outputs</b></p><table cellspacing=0 cellpadding=2 border=1><tr><th></th>";
    for (int c = 0; c < x.cols(); ++c) html += QString("<th>c%1</th>").arg(c);
    html += "</tr>";
    for (int t = 0; t < x.rows(); ++t) {
        html += QString("<tr><th>x (t%1)</th>").arg(t);
        for (int c = 0; c < x.cols(); ++c) html += QString("<td align=right>%1</td>").arg(x(t, c));
        html += "</tr>";
    }
    html += "</table><p>Y = F x, one value per filter and vector (the results leaving the right edge):</p>"
            "<table cellspacing=0 cellpadding=2 border=1><tr><th></th>";
    for (int t = 0; t < y.cols(); ++t) html += QString("<th>t%1</th>").arg(t);
    html += "</tr>";
    for (int r = 0; r < y.rows(); ++r) {
        html += QString("<tr><th>y f%1</th>").arg(m_layer->rowIndex[static_cast<std::size_t>(r)]);
        for (int t = 0; t < y.cols(); ++t) html += QString("<td align=right>%1</td>").arg(y(r, t));
        html += "</tr>";
    }
    return html + "</table>";
}

void ArrayPanel::rebuildProgram()
{
    if (!m_teaching && !m_packing) return;
    m_programStale = false;
    m_config = currentConfig();
    const PackedLayer& packed = m_teaching ? m_example.packed : m_packing->packed;
    const int vectors = m_vectors->value();
    if (m_teaching) {
        m_layer = std::make_shared<const QuantizedLayer>(m_example.layer);
        InputBatch inputs = m_example.inputs;
        if (vectors != inputs.rows()) inputs = randomInputs(vectors, m_example.layer.inputChannels, 3, false, kInputSeed);
        m_inputs = std::make_shared<const InputBatch>(std::move(inputs));
    } else {
        m_layer = std::make_shared<const QuantizedLayer>(quantizeForArray(packed, m_config.weightBits));
        m_inputs = std::make_shared<const InputBatch>(randomInputs(vectors, packed.originalCols(), m_config.dataBits, false, kInputSeed));
    }
    m_playback.setProgram(m_layer, m_inputs, m_config);
    m_view->selectCell({-1, -1});
    m_exampleData->setVisible(m_teaching);
    m_exampleData->setText(m_teaching ? exampleDataText() : QString());

    // The full comparison runs off the UI thread; only the newest request's answer is shown.
    m_results->showBusy();
    m_simulation->start(packed, m_config, vectors, kInputSeed);
}

void ArrayPanel::updateStatus()
{
    m_speedLabel->setText(QString("%1/s").arg(m_playback.speed(), 0, 'g', 3));
    if (!m_playback.hasProgram()) {
        m_status->setText("Pack a layer to run it on the array.");
        return;
    }
    const LayerTrace& t = m_playback.trace();
    {
        const QSignalBlocker block(m_jump);
        m_jump->setRange(0, static_cast<int>(std::min<long long>(t.totalCycles(), 1 << 30)));
        m_jump->setValue(static_cast<int>(t.cycle()));
    }
    m_status->setText(QString("%1 x %2 array%3 · cycle %4 of %5 · tile %6 of %7 · %8 · MAC utilization so far %9%")
                          .arg(m_config.shape.rows)
                          .arg(m_config.shape.cols)
                          .arg(m_teaching ? " (teaching example)" : "")
                          .arg(t.cycle())
                          .arg(t.totalCycles())
                          .arg(t.tileIndex() + 1)
                          .arg(std::max(1, t.tileCount()))
                          .arg(phaseName(t.cycle() == 0 ? Phase::WeightLoad : t.phase()))
                          .arg(t.utilizationSoFar() * 100.0, 0, 'f', 1));
    m_caption->setText(t.cycle() == 0 ? "Press Play (space) or step (arrow keys) to run the layer; click a cell to follow it."
                                      : phaseCaption(t.phase()));
    const QPoint cell = m_view->selectedCell();
    m_cellText->setText(cell.x() >= 0 && t.cycle() > 0 ? describeArrayCell(t, cell.y(), cell.x()) : QString());
}

void ArrayPanel::onCellSelected(QPoint cell)
{
    updateStatus();
    if (!m_playback.hasProgram() || cell.x() < 0) {
        emit weightSelected(-1, -1);
        return;
    }
    const LayerTrace& t = m_playback.trace();
    const Tile tile = t.tile();
    if (cell.y() >= tile.rows || cell.x() >= tile.groups) {
        emit weightSelected(-1, -1);
        return;
    }
    const int mapped = tile.firstRow + cell.y();
    const int group = tile.firstGroup + cell.x();
    emit weightSelected(t.layer().rowIndex[static_cast<std::size_t>(mapped)], t.layer().select(mapped, group));
}

void ArrayPanel::selectWeight(int filterRow, int originalColumn)
{
    ensureProgram();
    if (!m_playback.hasProgram() || filterRow < 0 || originalColumn < 0) return;
    const LayerTrace& t = m_playback.trace();
    const QuantizedLayer& layer = t.layer();
    const auto row = std::find(layer.rowIndex.begin(), layer.rowIndex.end(), filterRow);
    if (row == layer.rowIndex.end()) return;
    const std::vector<int>& groupOf = (m_teaching ? m_example.packed : m_packing->packed).groupOfColumn();
    if (originalColumn >= static_cast<int>(groupOf.size()) || groupOf[static_cast<std::size_t>(originalColumn)] < 0) return;
    const int group = groupOf[static_cast<std::size_t>(originalColumn)];
    const int mapped = static_cast<int>(row - layer.rowIndex.begin());
    const TileGrid grid = tileGridOf(layer, m_config);
    if (const int tile = static_cast<int>(grid.tileOf(mapped, group)); tile != t.tileIndex()) m_playback.seekToTile(tile);
    const QSignalBlocker block(m_view);  // the other views already show this weight
    m_view->selectCell({grid.arrayColOf(group), grid.arrayRowOf(mapped)});
    updateStatus();
}

AnimationOutcome ArrayPanel::exportAnimationTo(const QString& path, bool gif, long long firstCycle, long long lastCycle, QSize size, int delayMs)
{
    ensureProgram();
    if (!m_playback.hasProgram()) return {"nothing to export: no layer on the array", false};
    AnimationRequest request{path, gif, firstCycle, lastCycle, size, delayMs, {}};
    request.text = {QString("%1 x %2 array%3").arg(m_config.shape.rows).arg(m_config.shape.cols).arg(m_teaching ? " (worked example)" : ""),
                    m_view->selectedCell(), m_teaching ? exampleDataText() : QString()};
    return exportAnimationWithProgress(this, m_layer, m_inputs, m_config, request);
}

void ArrayPanel::chooseAndExport()
{
    if (!m_playback.hasProgram()) return;
    const LayerTrace& t = m_playback.trace();
    QDialog dialog(this);
    dialog.setWindowTitle("Export animation");
    auto* format = new QComboBox;
    format->addItem("Animated GIF");
    format->addItem("PNG frame sequence (folder)");
    auto* from = new QSpinBox;
    auto* to = new QSpinBox;
    for (QSpinBox* s : {from, to}) s->setRange(0, static_cast<int>(std::min<long long>(t.totalCycles(), 1 << 30)));
    from->setValue(0);
    to->setValue(static_cast<int>(std::min<long long>(t.totalCycles(), 1 << 30)));
    auto* width = new QSpinBox;
    auto* height = new QSpinBox;
    width->setRange(64, 8000);
    height->setRange(64, 8000);
    width->setValue(960);
    height->setValue(600);
    auto* delay = new QSpinBox;
    delay->setRange(20, 10000);
    delay->setValue(300);
    delay->setSuffix(" ms");
    auto* path = new QLineEdit(QDir(lastFolder("animation")).filePath("colcomb-array.gif"));
    path->setMinimumWidth(path->fontMetrics().horizontalAdvance(path->text()) + 24);  // the whole path, not its tail
    path->setToolTip(path->text());
    auto* browse = new QPushButton("Browse...");
    connect(browse, &QPushButton::clicked, &dialog, [&] {
        const QString p = format->currentIndex() == 0 ? QFileDialog::getSaveFileName(&dialog, "GIF file", path->text(), "GIF (*.gif)")
                                                      : QFileDialog::getExistingDirectory(&dialog, "Folder for the frames", lastFolder("animation"));
        if (!p.isEmpty()) path->setText(p);
    });
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(path, 1);
    pathRow->addWidget(browse);
    auto* form = new QFormLayout(&dialog);
    form->addRow("format", format);
    form->addRow("from cycle", from);
    form->addRow("to cycle", to);
    form->addRow("width", width);
    form->addRow("height", height);
    form->addRow("frame delay (GIF)", delay);
    form->addRow("save to", pathRow);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted) return;
    rememberFolder("animation", path->text());
    const int first = from->value(), last = std::max(from->value(), to->value());
    const AnimationOutcome outcome =
        exportAnimationTo(path->text(), format->currentIndex() == 0, first, last, QSize(width->value(), height->value()), delay->value());
    if (!outcome.error.isEmpty()) showError(this, "Export failed", outcome.error);
    else if (!outcome.cancelled) {
        showInformation(this, "Export finished",
                        QString("Wrote %1 frames to %4, one per cycle from %2 to %3 (cycle 0: the array before the first cycle)")
                            .arg(last - first + 1)
                            .arg(first)
                            .arg(last)
                            .arg(path->text()),
                        "exportFinished");
    }
}

MacMode ArrayPanel::macMode() const { return static_cast<MacMode>(m_mac->currentData().toInt()); }

int ArrayPanel::vectors() const { return m_vectors->value(); }

void ArrayPanel::setSimulationSettings(MacMode mac, int vectors)
{
    m_applying = true;
    if (m_teaching) m_vectorsOutsideExample = vectors;  // shown once the example leaves
    else m_vectors->setValue(vectors);
    m_mac->setCurrentIndex(m_mac->findData(static_cast<int>(mac)));
    m_applying = false;
}

void ArrayPanel::bind(WorkspaceDocument& workspace)
{
    LayerDocument* layer = workspace.layer();
    connect(layer, &LayerDocument::packingChanged, this, [this, layer] {
        if (layer->packing()) showPacking(layer->packing());
    });
    if (layer->packing()) showPacking(layer->packing());
    connect(this, &ArrayPanel::simulationEdited, &workspace, [&workspace](MacMode mac, int vectors) { workspace.editSimulation({mac, vectors}); });
    const auto showSettings = [this, &workspace] { setSimulationSettings(workspace.simulation().mac, workspace.simulation().vectors); };
    connect(&workspace, &WorkspaceDocument::simulationChanged, this, showSettings);
    showSettings();
}

} // namespace colcomb::ui
