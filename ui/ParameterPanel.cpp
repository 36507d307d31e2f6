#include "ParameterPanel.h"

#include "WorkspaceDocument.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>

#include <cmath>

namespace colcomb::ui {

namespace {
constexpr int kGammaSteps = 100;  // slider ticks per unit of gamma
constexpr double kGammaSliderMax = 2.0;

// Gamma as it is: 0.125 reads 0.125 and 0.5 reads 0.5, never rounded to the box's decimals.
class GammaSpinBox : public QDoubleSpinBox {
public:
    QString textFromValue(double value) const override { return locale().toString(value, 'g', 6); }
    // Room for four decimals and the arrows: the default hint measures the range's ends, "100".
    QSize minimumSizeHint() const override
    {
        const QSize base = QDoubleSpinBox::minimumSizeHint();
        return {std::max(base.width(), fontMetrics().horizontalAdvance("0.0000") + base.height() + 12), base.height()};
    }
    QSize sizeHint() const override { return minimumSizeHint().expandedTo(QDoubleSpinBox::sizeHint()); }
};

QWidget* row(QWidget* a, QWidget* b)
{
    auto* w = new QWidget;
    auto* l = new QHBoxLayout(w);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(a, 1);
    l->addWidget(b);
    return w;
}
} // namespace

ParameterPanel::ParameterPanel(QWidget* parent)
    : QWidget(parent), m_alphaSlider(new QSlider(Qt::Horizontal)), m_alphaSpin(new QSpinBox), m_gammaSlider(new QSlider(Qt::Horizontal)),
      m_gammaSpin(new GammaSpinBox), m_method(new QComboBox), m_arrayRows(new QSpinBox), m_arrayCols(new QSpinBox), m_section(new QSpinBox),
      m_n(new QSpinBox), m_m(new QSpinBox), m_seconds(new QDoubleSpinBox), m_seed(new QSpinBox)
{
    m_n->setObjectName("nmN");
    m_m->setObjectName("nmM");
    m_n->setRange(1, 63);
    m_m->setRange(2, 64);
    m_n->setToolTip("N:M: weights each row keeps in every group of M input channels (array columns per group)");
    m_m->setToolTip("N:M: input channels per group, at one kernel position (the multiplexer width)");
    m_alphaSpin->setObjectName("alphaSpin");
    m_gammaSpin->setObjectName("gammaSpin");
    m_method->setObjectName("methodCombo");
    m_alphaSlider->setRange(1, 32);
    m_alphaSpin->setRange(1, 1024);
    m_gammaSlider->setRange(0, static_cast<int>(kGammaSliderMax * kGammaSteps));
    m_gammaSpin->setRange(0.0, 100.0);
    m_gammaSpin->setDecimals(4);
    m_gammaSpin->setSingleStep(0.05);
    m_method->addItem("pairwise (authors' code)", static_cast<int>(CombineMethod::Pairwise));
    m_method->addItem("greedy (paper)", static_cast<int>(CombineMethod::Greedy));
    m_method->addItem("none (unpacked baseline)", static_cast<int>(CombineMethod::None));
    m_method->addItem("fixed groups (no search)", static_cast<int>(CombineMethod::Fixed));
    m_method->addItem("N:M structured sparsity", static_cast<int>(CombineMethod::NM));
    m_method->addItem("search (fewer groups than pairwise)", static_cast<int>(CombineMethod::Search));
    m_method->addItem("exact (fewest groups, SAT)", static_cast<int>(CombineMethod::Exact));
    m_seconds->setObjectName("effortSeconds");
    m_seed->setObjectName("searchSeed");
    m_seconds->setRange(0.1, 3600.0);
    m_seconds->setDecimals(1);
    m_seconds->setSuffix(" s");
    m_seed->setRange(0, 1'000'000);
    m_seconds->setToolTip("Search: seconds of work (counted, so the same budget and seed give the same groups anywhere). "
                          "Exact: the time limit, after which it shows the best packing found and the best bound");
    m_seed->setToolTip("Search: the seed of its random choices");
    for (QSpinBox* s : {m_arrayRows, m_arrayCols}) s->setRange(1, kMaxArraySide);
    m_section->setRange(0, 100000);
    m_section->setSpecialValueText("off (all columns)");

    m_alphaSpin->setToolTip("Most columns one group may hold: the multiplexer width of a cell");
    m_gammaSpin->setToolTip("Conflict budget: a group may hold at most floor(gamma x rows) conflicts; 0 packs without pruning");
    m_method->setToolTip("How columns are grouped");
    m_section->setToolTip("Pairwise only: columns packed at a time (the authors use 256)");
    m_alphaSlider->setToolTip(m_alphaSpin->toolTip() + " (the box takes values past 32)");
    m_gammaSlider->setToolTip(m_gammaSpin->toolTip() + " (the box takes values past 2)");
    m_arrayRows->setToolTip("Rows of the systolic array (cells): filters per tile");
    m_arrayCols->setToolTip("Columns of the systolic array (cells): column groups per tile");
    m_method->setItemData(0, "Merge the first admissible pair of groups, the partner leaving the fewest empty rows (the released code)", Qt::ToolTipRole);
    m_method->setItemData(1, "Densest column first, into the group that gains the fewest conflicts (the paper's greedy rule)", Qt::ToolTipRole);
    m_method->setItemData(2, "One column per group: pruned but not combined, the baseline", Qt::ToolTipRole);
    m_method->setItemData(3, "Groups of alpha consecutive input channels at each kernel position, one weight per row: column combining without its search (= 1:alpha)",
                          Qt::ToolTipRole);
    m_method->setItemData(4, "Every M consecutive input channels at a kernel position keep each row's N largest weights, in N array columns (2:4 is NVIDIA's)",
                          Qt::ToolTipRole);
    m_method->setItemData(5, "Starts from the better of pairwise and greedy and searches for a packing with fewer groups (then fewer conflicts)",
                          Qt::ToolTipRole);
    m_method->setItemData(6, "The fewest groups under alpha and gamma, proved by a SAT solver, or the best found and a bound at the time limit",
                          Qt::ToolTipRole);

    auto* form = new QFormLayout(this);
    form->addRow("alpha", row(m_alphaSlider, m_alphaSpin));
    form->addRow("gamma", row(m_gammaSlider, m_gammaSpin));
    form->addRow("method", m_method);
    auto* array = new QWidget;
    auto* arrayLayout = new QHBoxLayout(array);
    arrayLayout->setContentsMargins(0, 0, 0, 0);
    arrayLayout->addWidget(m_arrayRows);
    arrayLayout->addWidget(new QLabel("x"));
    arrayLayout->addWidget(m_arrayCols);
    form->addRow("array (cells)", array);
    form->addRow("pairwise section", m_section);
    auto* nm = new QWidget;
    auto* nmLayout = new QHBoxLayout(nm);
    nmLayout->setContentsMargins(0, 0, 0, 0);
    nmLayout->addWidget(m_n);
    nmLayout->addWidget(new QLabel(":"));
    nmLayout->addWidget(m_m);
    form->addRow("N:M", nm);
    auto* effort = new QWidget;
    auto* effortLayout = new QHBoxLayout(effort);
    effortLayout->setContentsMargins(0, 0, 0, 0);
    effortLayout->addWidget(m_seconds);
    effortLayout->addWidget(new QLabel("seed"));
    effortLayout->addWidget(m_seed);
    form->addRow("search / exact", effort);

    connect(m_alphaSlider, &QSlider::valueChanged, m_alphaSpin, &QSpinBox::setValue);
    connect(m_alphaSpin, &QSpinBox::valueChanged, this, [this](int v) {
        if (v <= m_alphaSlider->maximum()) {
            const QSignalBlocker block(m_alphaSlider);
            m_alphaSlider->setValue(v);
        }
        emitEdited();
    });
    connect(m_gammaSlider, &QSlider::valueChanged, this, [this](int v) { m_gammaSpin->setValue(static_cast<double>(v) / kGammaSteps); });
    connect(m_gammaSpin, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        {
            const QSignalBlocker block(m_gammaSlider);
            m_gammaSlider->setValue(static_cast<int>(std::lround(std::min(v, kGammaSliderMax) * kGammaSteps)));
        }
        emitEdited();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        // A method chosen anew starts from its own default effort (1 s of search, 60 s for exact).
        if (const auto method = static_cast<CombineMethod>(m_method->currentData().toInt()); !m_updating && takesTime(method)) {
            const QSignalBlocker block(m_seconds);
            m_seconds->setValue(effortSeconds(method, 0.0));
        }
        showWhatApplies();
        emitEdited();
    });
    connect(m_m, &QSpinBox::valueChanged, this, [this](int m) { m_n->setMaximum(m - 1); });
    for (QSpinBox* s : {m_arrayRows, m_arrayCols, m_section, m_n, m_m, m_seed}) connect(s, &QSpinBox::valueChanged, this, &ParameterPanel::emitEdited);
    connect(m_seconds, &QDoubleSpinBox::valueChanged, this, &ParameterPanel::emitEdited);
    setParams(PackingParams{});
}

void ParameterPanel::setParams(const PackingParams& p)
{
    m_updating = true;
    m_alphaSpin->setValue(p.alpha);
    m_gammaSpin->setValue(p.gamma);
    m_method->setCurrentIndex(m_method->findData(static_cast<int>(p.method)));
    m_arrayRows->setValue(p.array.rows);
    m_arrayCols->setValue(p.array.cols);
    m_section->setValue(p.pairwiseSectionColumns);
    m_m->setValue(p.m);
    m_n->setValue(p.n);
    m_seconds->setValue(effortSeconds(p.method, p.seconds));
    m_seed->setValue(static_cast<int>(p.seed));
    showWhatApplies();
    m_updating = false;
}

void ParameterPanel::showWhatApplies()
{
    const CombineMethod method = static_cast<CombineMethod>(m_method->currentData().toInt());
    m_section->setEnabled(method == CombineMethod::Pairwise);
    m_n->setEnabled(method == CombineMethod::NM);
    m_m->setEnabled(method == CombineMethod::NM);
    // N:M's width is M; fixed groups and N:M prune every conflict, so gamma does not apply.
    m_alphaSpin->setEnabled(method != CombineMethod::NM);
    m_alphaSlider->setEnabled(method != CombineMethod::NM);
    m_gammaSpin->setEnabled(method != CombineMethod::NM && method != CombineMethod::Fixed);
    m_gammaSlider->setEnabled(m_gammaSpin->isEnabled());
    m_seconds->setEnabled(takesTime(method));
    m_seed->setEnabled(method == CombineMethod::Search);
}

PackingParams ParameterPanel::params() const
{
    PackingParams p;
    p.alpha = m_alphaSpin->value();
    p.gamma = m_gammaSpin->value();
    p.method = static_cast<CombineMethod>(m_method->currentData().toInt());
    p.array = {m_arrayRows->value(), m_arrayCols->value()};
    p.pairwiseSectionColumns = m_section->value();
    p.n = m_n->value();
    p.m = m_m->value();
    if (takesTime(p.method)) {
        p.seconds = m_seconds->value() == effortSeconds(p.method, 0.0) ? 0.0 : m_seconds->value();
        p.seed = static_cast<unsigned>(m_seed->value());
    }
    return p;
}

void ParameterPanel::emitEdited()
{
    if (!m_updating) emit paramsEdited(params());
}

void ParameterPanel::bind(WorkspaceDocument& workspace)
{
    LayerDocument* layer = workspace.layer();
    setParams(layer->params());
    connect(this, &ParameterPanel::paramsEdited, &workspace, &WorkspaceDocument::editParams);
    connect(layer, &LayerDocument::paramsChanged, this, [this, layer] { setParams(layer->params()); });
}

} // namespace colcomb::ui
