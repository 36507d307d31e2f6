#pragma once
// The Array tab: the packed layer running on the simulated systolic array, with playback
// controls, phase captions, the selected cell explained, the results against the baselines, and
// animation export. Teaching mode swaps in the small worked example.
#include "AnimationExport.h"
#include "ArrayPlayback.h"
#include "LayerDocument.h"
#include "SimulationJob.h"
#include "systolic/Comparison.h"
#include "systolic/TeachingExample.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace colcomb::ui {

class WorkspaceDocument;

class ArrayView;
class ResultsPanel;

class ArrayPanel : public QWidget {
    Q_OBJECT

public:
    // Shows the layer on the array; `simulation` (the workspace's) computes its comparison.
    explicit ArrayPanel(SimulationJob* simulation, QWidget* parent = nullptr);
    // Runs the shown layer's packing and each new one; the MAC mode and vector count are the
    // workspace's settings, edited here.
    void bind(WorkspaceDocument& workspace);

    void showPacking(const PackingPtr& packing);
    // The worked example: its layer runs unscaled, so every number can be checked by hand.
    void showTeachingExample();
    const TeachingExample& teachingData() const { return m_example; }
    bool isTeaching() const { return m_teaching; }
    // The worked example's input vectors and expected outputs Y, as shown beside the array.
    QString exampleDataText() const;
    // Selects the cell holding this weight of the original matrix, moving to its tile.
    void selectWeight(int filterRow, int originalColumn);
    ArrayPlayback* playback()
    {
        ensureProgram();
        return &m_playback;
    }
    // The comparison with the baselines is being simulated (off the UI thread).
    bool isSimulating() const { return m_simulation->isRunning(); }
    // The simulation settings a workspace keeps.
    MacMode macMode() const;
    int vectors() const;
    void setSimulationSettings(MacMode mac, int vectors);
    // The full-screen button's text follows the window's state.
    void setFullScreenShown(bool shown);
    // Keys (space, arrows, +/-) go to the array.
    void focusArray();
    ResultsPanel* results()
    {
        ensureProgram();
        return m_results;
    }
    // The export dialog's work, with a progress dialog (also the headless --export-animation).
    AnimationOutcome exportAnimationTo(const QString& path, bool gif, long long firstCycle, long long lastCycle, QSize size, int delayMs);

signals:
    // The weight the selected cell holds (originalColumn -1 for an empty cell or none).
    void weightSelected(int filterRow, int originalColumn);
    void fullScreenRequested();
    // The user changed the MAC mode or the vector count.
    void simulationEdited(colcomb::MacMode mac, int vectors);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // The layer is put on the array and simulated only while the tab is shown (or its results
    // are asked for): a large layer opened in the matrix view costs no simulation.
    void ensureProgram();
    void rebuildProgram();
    void updateStatus();
    void onCellSelected(QPoint cell);
    void chooseAndExport();
    ArrayConfig currentConfig() const;

    SimulationJob* m_simulation;
    ArrayPlayback m_playback;
    ArrayView* m_view;
    ResultsPanel* m_results;
    QComboBox* m_mac;
    QSpinBox* m_vectors;
    QPushButton* m_play;
    QPushButton* m_fullScreen;
    QSlider* m_speed;
    QLabel* m_speedLabel;
    QSpinBox* m_jump;
    QLabel* m_status;
    QLabel* m_caption;
    QLabel* m_cellText;
    QLabel* m_exampleData;  // the worked example's X and Y, shown while it runs

    PackingPtr m_packing;
    bool m_teaching = false;
    bool m_programStale = false;
    int m_vectorsOutsideExample = 16;  // the document's vector count while the example shows its own
    bool m_applying = false;  // setSimulationSettings is filling the widgets: not a user edit
    TeachingExample m_example;
    std::shared_ptr<const QuantizedLayer> m_layer;
    std::shared_ptr<const InputBatch> m_inputs;
    ArrayConfig m_config;
};

} // namespace colcomb::ui
