#pragma once
// The packing parameters: alpha, gamma, method, array size, pairwise section width, N:M's N and M.
// Every edit is reported at once so the packing follows the slider. Controls a method does not
// use are disabled.
#include "packing/Packer.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QSpinBox;

namespace colcomb::ui {

class WorkspaceDocument;

class ParameterPanel : public QWidget {
    Q_OBJECT

public:
    explicit ParameterPanel(QWidget* parent = nullptr);
    // Shows the shown layer's parameters; edits become the workspace's.
    void bind(WorkspaceDocument& workspace);
    void setParams(const PackingParams& params);
    PackingParams params() const;

signals:
    void paramsEdited(const PackingParams& params);

private:
    void emitEdited();
    void showWhatApplies();

    QSlider* m_alphaSlider;
    QSpinBox* m_alphaSpin;
    QSlider* m_gammaSlider;
    QDoubleSpinBox* m_gammaSpin;
    QComboBox* m_method;
    QSpinBox* m_arrayRows;
    QSpinBox* m_arrayCols;
    QSpinBox* m_section;
    QSpinBox* m_n;
    QSpinBox* m_m;
    QDoubleSpinBox* m_seconds;  // search's budget, exact's time limit
    QSpinBox* m_seed;
    bool m_updating = false;
};

} // namespace colcomb::ui
