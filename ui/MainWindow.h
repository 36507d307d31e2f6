#pragma once
// The studio's main window: the original and packed filter matrices side by side, the packing
// parameters and the metrics beside them.
#include "LayerDocument.h"
#include "MatrixPlot.h"

#include <QMainWindow>

class QComboBox;
class QLabel;
class QTabWidget;

namespace colcomb::ui {

class ArrayPanel;
class MetricsPanel;
class ParameterPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(LayerDocument* document, QWidget* parent = nullptr);

    void openFile(const QString& path);
    // Empty on success, otherwise the error message (also shown in a dialog when interactive).
    QString exportFigureTo(const QString& path);
    LayerDocument* document() const { return m_document; }
    ArrayPanel* arrayPanel() const { return m_array; }
    // Loads the worked example into the document and shows it running on the array.
    void showTeachingExample();
    void showArrayTab();
    // "matrices", "array" or "training"; false for another name.
    bool showTab(const QString& name);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void buildMenusAndToolbar();
    void showPacking();
    void showError(const QString& title, const QString& message);
    void chooseAndOpen();
    void chooseAndExport();
    void toggleFullScreen();
    void markWeight(int row, int originalColumn);

    LayerDocument* m_document;
    MatrixPlot* m_original;
    MatrixPlot* m_packed;
    ParameterPanel* m_parameters;
    MetricsPanel* m_metrics;
    ArrayPanel* m_array;
    QTabWidget* m_tabs;
    QWidget* m_side = nullptr;
    QComboBox* m_colouring;
    QComboBox* m_layerChoice;
    QAction* m_layerChoiceAction = nullptr;
    QLabel* m_hover;
    QLabel* m_busy;
};

} // namespace colcomb::ui
