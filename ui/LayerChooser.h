#pragma once
// The toolbar's choice of what the matrix and array views show: which layer of an opened model,
// and whether a trained layer is packed with the groups it was trained with. Each part shows
// only when it applies (a model with layers; a layer with trained groups). Choices go to the
// workspace document as edits.
#include <QWidget>

class QCheckBox;
class QComboBox;

namespace colcomb::ui {

class WorkspaceDocument;

class LayerChooser : public QWidget {
    Q_OBJECT

public:
    explicit LayerChooser(QWidget* parent = nullptr);
    void bind(WorkspaceDocument& workspace);

private:
    void fillLayers();
    void sync();

    WorkspaceDocument* m_workspace = nullptr;
    QComboBox* m_layer;
    QCheckBox* m_trainedGroups;
};

} // namespace colcomb::ui
