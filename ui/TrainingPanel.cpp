#include "TrainingPanel.h"
#include "Notices.h"

#include "WorkspaceDocument.h"
#include "data/Dataset.h"

#include "StudioSettings.h"

#include "training/Bundled.h"
#include "training/TrainingSession.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <filesystem>

namespace colcomb::ui {

namespace {

// Two series on twin y axes, one plot per pair, as QCustomPlot's examples set them up.
QCustomPlot* twinPlot(const QString& left, const QString& right, QColor leftColour, QColor rightColour)
{
    auto* plot = new QCustomPlot;
    plot->setMinimumHeight(200);
    plot->xAxis->setLabel("epoch");
    plot->yAxis->setLabel(left);
    plot->yAxis2->setLabel(right);
    plot->yAxis2->setVisible(true);
    plot->addGraph(plot->xAxis, plot->yAxis)->setPen(QPen(leftColour, 2));
    plot->addGraph(plot->xAxis, plot->yAxis2)->setPen(QPen(rightColour, 2));
    plot->graph(0)->setName(left);
    plot->graph(1)->setName(right);
    for (int g = 0; g < 2; ++g) plot->graph(g)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    // The legend in a row above the axes: inside them it covered the curves' ends.
    plot->legend->setVisible(true);
    plot->axisRect()->insetLayout()->take(plot->legend);
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, plot->legend);
    plot->plotLayout()->setRowStretchFactor(0, 0.001);
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot->yAxis->setRange(0.0, 1.0);  // accuracy and utilization are fractions
    plot->xAxis->setRange(0.5, 10.5);
    return plot;
}

enum class Browse { Folder, JsonFile };

// A line edit with a "..." button that fills it from a file or folder dialog.
QWidget* withBrowse(QLineEdit* edit, Browse kind, const QString& caption)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* button = new QToolButton;
    button->setText("...");
    button->setToolTip(caption);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    QObject::connect(button, &QToolButton::clicked, edit, [edit, kind, caption] {
        const QString dialog = kind == Browse::Folder ? "training-folder" : "training-json";
        const QString start = edit->text().isEmpty() ? lastFolder(dialog, QString::fromStdString(resourcesFolder() + "/models")) : edit->text();
        const QString chosen = kind == Browse::Folder ? QFileDialog::getExistingDirectory(edit, caption, start)
                                                      : QFileDialog::getOpenFileName(edit, caption, start, "JSON (*.json)");
        if (chosen.isEmpty()) return;
        rememberFolder(dialog, chosen);
        edit->setText(chosen);
    });
    return row;
}

} // namespace

TrainingPanel::TrainingPanel(TrainingJob* job, QWidget* parent)
    : QWidget(parent), m_job(job), m_dataset(new QComboBox), m_dataDir(new QLineEdit), m_network(new QLineEdit("demo")), m_alpha(new QLineEdit), m_from(new QLineEdit),
      m_gamma(new QDoubleSpinBox), m_method(new QComboBox), m_epochs(new QSpinBox), m_fraction(new QDoubleSpinBox), m_seed(new QSpinBox),
      m_out(new QLineEdit), m_start(new QPushButton("Start")), m_stopButton(new QPushButton("Stop")),
      m_resume(new QPushButton("Resume")), m_progress(new QProgressBar), m_status(new QLabel),
      m_accuracyPlot(twinPlot("test accuracy", "train loss", QColor(31, 120, 180), QColor(227, 26, 28))),
      m_packingPlot(twinPlot("utilization efficiency", "nonzero weights", QColor(51, 160, 44), QColor(106, 61, 154)))
{
    for (const std::string& name : datasetNames()) m_dataset->addItem(QString::fromStdString(name));
    m_dataDir->setPlaceholderText("the Debian package's files (fashion-mnist)");
    m_network->setToolTip("demo (the bundled shift network), lenet5, or a network spec JSON file");
    m_alpha->setPlaceholderText("the spec's own");
    m_alpha->setToolTip("alpha per stage of a shorthand spec, comma-separated (e.g. 1,4,8); empty: the spec's own");
    m_from->setPlaceholderText("from scratch");
    m_from->setToolTip("A trained model file to start from (pretrained), e.g. the bundled demo-dense.json");
    m_from->setObjectName("trainFrom");
    m_gamma->setRange(0.0, 10.0);
    m_gamma->setSingleStep(0.25);
    m_gamma->setValue(0.5);
    // Item data are the names a workspace stores; "none" prunes without combining (unstructured
    // pruning), "dense" trains without pruning.
    m_method->addItem("pairwise", "pairwise");
    m_method->addItem("greedy", "greedy");
    m_method->addItem("none (prune only)", "none");
    m_method->addItem("fixed groups", "fixed");
    for (const char* nm : {"nm:2:4", "nm:1:4", "nm:2:8", "nm:1:8"}) m_method->addItem(QString("N:M %1").arg(QString(nm).mid(3)), nm);
    m_method->addItem("search (1 s per step)", "search");
    m_method->addItem("exact (up to 60 s per step)", "exact");
    m_method->addItem("dense (no pruning)", "dense");
    m_method->setObjectName("trainMethod");
    m_epochs->setRange(1, 10000);
    m_epochs->setValue(10);
    m_fraction->setRange(0.001, 1.0);
    m_fraction->setDecimals(3);
    m_fraction->setSingleStep(0.05);
    m_fraction->setValue(1.0);
    m_fraction->setToolTip("Fraction of the training set (stratified, seeded): the limited-data experiment");
    m_seed->setRange(0, 1 << 30);
    m_seed->setValue(1);
    m_dataset->setToolTip("The data set to train and test on (Fashion-MNIST comes from Debian's dataset-fashion-mnist)");
    m_dataDir->setToolTip("Folder holding the data set's files; empty: where the Debian package installs them");
    m_gamma->setToolTip("Conflict budget per group during joint optimization: floor(gamma x rows) conflicts");
    m_method->setToolTip("How columns are grouped at each pruning step; none prunes without combining, fixed groups consecutive channels without searching, "
                         "N:M keeps N of every M input channels, dense does not prune");
    m_epochs->setToolTip("Training epochs; pruning and combining happen during the first part of them");
    m_seed->setToolTip("Seed for the weights, the data order and the data subset: the same seed gives the same run");
    m_start->setToolTip("Train with these settings, off the UI thread; the model and its metrics are saved after every epoch");
    m_stopButton->setToolTip("Stop after the current batch; the last finished epoch stays saved");
    m_resume->setToolTip("Continue a stopped run from its model.zip checkpoint in the output folder");
    m_progress->setToolTip("Batches done in this epoch");
    m_dataset->setObjectName("trainDataset");
    m_dataDir->setObjectName("trainDataDir");
    m_network->setObjectName("trainNetwork");
    m_alpha->setObjectName("trainAlpha");
    m_epochs->setObjectName("trainEpochs");
    m_out->setObjectName("trainOut");
    m_start->setObjectName("trainStart");
    m_stopButton->setObjectName("trainStop");
    m_status->setObjectName("trainStatus");
    m_status->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow("data set", m_dataset);
    form->addRow("data folder", withBrowse(m_dataDir, Browse::Folder, "Folder of the data set's files"));
    form->addRow("network", withBrowse(m_network, Browse::JsonFile, "A network spec (JSON)"));
    form->addRow("alpha per stage", m_alpha);
    form->addRow("start from", withBrowse(m_from, Browse::JsonFile, "A trained model to start from"));
    form->addRow("gamma", m_gamma);
    form->addRow("method", m_method);
    form->addRow("epochs", m_epochs);
    form->addRow("data fraction", m_fraction);
    form->addRow("seed", m_seed);
    form->addRow("output folder", withBrowse(m_out, Browse::Folder, "Folder for model.zip and metrics.jsonl"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stopButton);
    buttons->addWidget(m_resume);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addWidget(m_progress);
    left->addWidget(m_status);
    left->addStretch(1);
    auto* leftWidget = new QWidget;
    leftWidget->setLayout(left);
    leftWidget->setMaximumWidth(380);
    auto* plots = new QVBoxLayout;
    plots->addWidget(m_accuracyPlot);
    plots->addWidget(m_packingPlot);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(leftWidget);
    layout->addLayout(plots, 1);

    connect(m_start, &QPushButton::clicked, this, [this] { start(false); });
    connect(m_resume, &QPushButton::clicked, this, [this] { start(true); });
    connect(m_stopButton, &QPushButton::clicked, this, &TrainingPanel::stop);
    // The run is the workspace's (TrainingJob): this shows its progress, curves and outcome.
    connect(m_job, &TrainingJob::started, this, [this] {
        clearPlots();
        setRunning(true);
        m_progress->setValue(0);
        m_status->setText("Loading the data set...");
    });
    connect(m_job, &TrainingJob::phaseChanged, m_status, &QLabel::setText);
    connect(m_job, &TrainingJob::batchDone, this, [this](int percent, const QString& text) {
        m_progress->setValue(percent);
        m_status->setText(text);
    });
    connect(m_job, &TrainingJob::epochDone, this, [this](const QByteArray& report) {
        addEpoch(nlohmann::json::parse(report.toStdString()));
        rescalePlots();
    });
    connect(m_job, &TrainingJob::ended, this, &TrainingPanel::showEnded);
    connect(m_job, &TrainingJob::failed, this, [this](const QString& error) {
        setRunning(false);
        m_status->setText("Training failed: " + error);
        showError(this, "Training failed", error);
    });
    const auto edited = [this] {
        if (!m_updating) emit formEdited(this->form());
    };
    for (QComboBox* c : {m_dataset, m_method}) connect(c, &QComboBox::currentIndexChanged, this, edited);
    for (QLineEdit* e : {m_dataDir, m_network, m_alpha, m_from, m_out}) connect(e, &QLineEdit::textChanged, this, edited);
    for (QSpinBox* b : {m_epochs, m_seed}) connect(b, &QSpinBox::valueChanged, this, edited);
    for (QDoubleSpinBox* b : {m_gamma, m_fraction}) connect(b, &QDoubleSpinBox::valueChanged, this, edited);
    setForm(m_form);
    setRunning(false);
    m_status->setText("Train a network with prune -> combine -> retrain; curves appear epoch by epoch.");
}

void TrainingPanel::setRunning(bool running)
{
    m_start->setEnabled(!running);
    m_resume->setEnabled(!running);
    m_stopButton->setEnabled(running);
}

void TrainingPanel::start(bool resume)
{
    if (isRunning()) return;  // Start and Resume are disabled while a run is on
    if (const QString refused = m_job->start(form(), resume); !refused.isEmpty()) showError(this, "Training", refused);
}

void TrainingPanel::stop() { m_job->stop(); }

void TrainingPanel::clearPlots()
{
    for (QCustomPlot* plot : {m_accuracyPlot, m_packingPlot}) {
        plot->graph(0)->data()->clear();
        plot->graph(1)->data()->clear();
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TrainingPanel::showHistory(const nlohmann::json& history, const QString& name)
{
    if (isRunning()) return;
    clearPlots();
    for (const nlohmann::json& epoch : history) addEpoch(epoch);
    rescalePlots();
    m_status->setText(history.empty() ? name + ": no per-epoch history (a model trained elsewhere)" : name + ": " + m_status->text());
}

void TrainingPanel::addEpoch(const nlohmann::json& r)
{
    const double epoch = r.value("epoch", 0);
    m_accuracyPlot->graph(0)->addData(epoch, r.value("test_accuracy", 0.0));
    m_accuracyPlot->graph(1)->addData(epoch, r.value("train_loss", 0.0));
    m_packingPlot->graph(0)->addData(epoch, r.value("utilization", 0.0));
    m_packingPlot->graph(1)->addData(epoch, static_cast<double>(r.value("nnz", 0LL)));
    m_status->setText(QString("epoch %1: test accuracy %2%, %3 nonzeros, utilization efficiency %4%")
                          .arg(epoch)
                          .arg(r.value("test_accuracy", 0.0) * 100, 0, 'f', 2)
                          .arg(r.value("nnz", 0LL))
                          .arg(r.value("utilization", 0.0) * 100, 0, 'f', 1));
}

void TrainingPanel::rescalePlots()
{
    for (QCustomPlot* plot : {m_accuracyPlot, m_packingPlot}) {
        if (plot->graph(0)->data()->isEmpty()) continue;
        plot->graph(0)->rescaleAxes();
        plot->graph(1)->rescaleAxes();
        // A margin, so that the extreme points are not drawn on the axes.
        for (QCPAxis* axis : {plot->yAxis, plot->yAxis2}) axis->scaleRange(1.15, axis->range().center());
        plot->xAxis->setRange(0.5, std::max(plot->graph(0)->data()->constEnd()[-1].key, 1.0) + 0.5);
        // Queued: epochs that arrive faster than frames are drawn once.
        plot->replot(QCustomPlot::rpQueuedReplot);
    }
}

void TrainingPanel::showEnded(const RunRecord& run, bool finished)
{
    setRunning(false);
    if (!finished) {
        m_status->setText("Stopped; the checkpoint is " + m_job->modelPath() + " (Resume continues it).");
        return;
    }
    m_progress->setValue(100);
    const ModelEvaluation& e = *run.evaluation;
    m_status->setText(QString("Finished: test accuracy %1%, 8-bit %2%, utilization %3% (unpacked %4%), %5 tiles.\n%6")
                          .arg(e.testAccuracy * 100, 0, 'f', 2)
                          .arg(e.quantizedAccuracy * 100, 0, 'f', 2)
                          .arg(e.utilization * 100, 0, 'f', 1)
                          .arg(e.utilizationUnpacked * 100, 0, 'f', 1)
                          .arg(e.tiles)
                          .arg(m_job->modelPath()));
}

TrainingForm TrainingPanel::form() const
{
    TrainingForm f = m_form;
    f.dataset = m_dataset->currentText().toStdString();
    f.dataDir = m_dataDir->text().toStdString();
    f.network = m_network->text().toStdString();
    f.alpha = m_alpha->text().trimmed().toStdString();
    f.gamma = m_gamma->value();
    f.method = m_method->currentData().toString().toStdString();
    f.epochs = m_epochs->value();
    f.dataFraction = m_fraction->value();
    f.seed = static_cast<std::uint64_t>(m_seed->value());
    f.from = m_from->text().trimmed().toStdString();
    f.outDir = m_out->text().toStdString();
    return f;
}

void TrainingPanel::setForm(const TrainingForm& f)
{
    m_form = f;
    m_updating = true;
    m_dataset->setCurrentText(QString::fromStdString(f.dataset));
    m_dataDir->setText(QString::fromStdString(f.dataDir));
    m_network->setText(QString::fromStdString(f.network));
    m_alpha->setText(QString::fromStdString(f.alpha));
    m_gamma->setValue(f.gamma);
    const QString method = QString::fromStdString(f.method);
    // Another N:M, or a search or exact effort, that a file names.
    if (m_method->findData(method) < 0 && parseMethodChoice(f.method)) m_method->addItem(method.startsWith("nm:") ? "N:M " + method.mid(3) : method, method);
    m_method->setCurrentIndex(std::max(0, m_method->findData(method)));
    m_epochs->setValue(f.epochs);
    m_fraction->setValue(f.dataFraction);
    m_seed->setValue(static_cast<int>(f.seed));
    m_from->setText(QString::fromStdString(f.from));
    m_out->setText(QString::fromStdString(f.outDir));
    m_out->setCursorPosition(0);  // the start of the path, not its tail
    m_out->setToolTip("Folder for model.json and metrics.jsonl: " + m_out->text());
    m_updating = false;
}

void TrainingPanel::bind(WorkspaceDocument& workspace)
{
    connect(this, &TrainingPanel::formEdited, &workspace, &WorkspaceDocument::editTrainingForm);
    connect(&workspace, &WorkspaceDocument::trainingFormChanged, this, [this, &workspace] { setForm(workspace.trainingForm()); });
    setForm(workspace.trainingForm());
}

} // namespace colcomb::ui
