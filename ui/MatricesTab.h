#pragma once
// The Filter matrices tab: the shown layer's original and packed filter matrices side by side,
// the legend under them, and the step-through (PackingStepsPanel) between the two. Zoom and pan
// can follow each other (the same rows, the same share of the columns), and hovering a weight
// outlines it in both plots: where its column went. While stepping, the plots show the current
// step's frame instead of the final packing, and space, the arrows, Home and End drive the steps
// as long as this tab is the one shown.
#include "FigureExport.h"
#include "LayerDocument.h"
#include "MatrixPlot.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QShortcut;
class QSplitter;

namespace colcomb::ui {

class PackingStepsPanel;
class SteppingJob;

class MatricesTab : public QWidget {
    Q_OBJECT

public:
    explicit MatricesTab(SteppingJob* stepping, QWidget* parent = nullptr);

    // Shows the layer document's packing, and each new one.
    void bind(LayerDocument& layer);
    // The cell colouring's choice, for the window's toolbar.
    QComboBox* colouringBox() const { return m_colouring; }
    PackingStepsPanel* stepsPanel() const { return m_steps; }
    QSplitter* plotSplitter() const { return m_plots; }

    void setStepping(bool on);
    bool isStepping() const { return m_stepping; }
    void setZoomSynchronised(bool on);
    void resetZoom();
    // Outlines the weight in both plots.
    void markWeight(int row, int originalColumn);

    // Both matrices with the legend and the parameters (screen size), or at a printed size.
    // Empty on success, otherwise the error.
    QString exportFigureTo(const QString& path) const;
    QString exportPrintFigureTo(const QString& path, const PrintSize& size) const;
    // Every step as a frame (both matrices and the caption): an animated GIF or PNG frames.
    QString exportStepsTo(const QString& path, bool gif, QSize size, int delayMs);

signals:
    void hovered(const QString& text);
    void weightClicked(int row, int originalColumn);

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void showPacking();
    void drawStepFrame();
    // Draws `packing` in both plots with the chosen colouring, the packed plot following the zoom.
    void draw(const PackingPtr& packing);
    // Shows in `to` the rows `from` shows and the same share of its columns.
    void syncZoom(MatrixPlot* from, MatrixPlot* to);
    void updateStepKeys();

    LayerDocument* m_layer = nullptr;
    MatrixPlot* m_original;
    MatrixPlot* m_packed;
    QSplitter* m_plots;
    PackingStepsPanel* m_steps;
    QLabel* m_legend;
    QComboBox* m_colouring;
    QList<QShortcut*> m_stepKeys;
    bool m_stepping = false;
    bool m_syncZoom = true;
    bool m_syncing = false;  // a synchronised range change is being applied
};

} // namespace colcomb::ui
