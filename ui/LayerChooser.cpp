#include "LayerChooser.h"

#include "WorkspaceDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>

namespace colcomb::ui {

LayerChooser::LayerChooser(QWidget* parent) : QWidget(parent), m_layer(new QComboBox), m_trainedGroups(new QCheckBox("trained groups"))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_layer);
    layout->addWidget(m_trainedGroups);
    m_layer->setObjectName("layerChoice");
    m_layer->setToolTip("The model layer whose filter matrix is shown");
    m_layer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_trainedGroups->setObjectName("trainedGroups");
    m_trainedGroups->setToolTip("Show the layer packed with the column groups it was trained with; "
                                "unchecked, it is re-packed with the method and parameters on the right");
    m_layer->setVisible(false);
    m_trainedGroups->setVisible(false);
}

void LayerChooser::bind(WorkspaceDocument& workspace)
{
    m_workspace = &workspace;
    LayerDocument* layer = workspace.layer();
    connect(m_layer, &QComboBox::activated, &workspace, &WorkspaceDocument::selectLayer);
    connect(m_trainedGroups, &QCheckBox::toggled, &workspace, &WorkspaceDocument::editTrainedGroups);
    connect(layer, &LayerDocument::modelChanged, this, &LayerChooser::fillLayers);
    connect(layer, &LayerDocument::paramsChanged, this, &LayerChooser::sync);
    connect(layer, &LayerDocument::sourceChanged, this, &LayerChooser::sync);
    fillLayers();
    sync();
}

void LayerChooser::fillLayers()
{
    const QSignalBlocker block(m_layer);
    m_layer->clear();
    m_layer->addItems(m_workspace->layer()->modelLayers());
    m_layer->setVisible(m_layer->count() > 0);
}

void LayerChooser::sync()
{
    const LayerDocument* layer = m_workspace->layer();
    const QSignalBlocker blockLayer(m_layer);
    m_layer->setCurrentIndex(layer->currentModelLayer());
    const QSignalBlocker blockGroups(m_trainedGroups);
    m_trainedGroups->setChecked(layer->usesTrainedGroups());
    m_trainedGroups->setVisible(layer->hasTrainedGroups());
}

} // namespace colcomb::ui
