// The studio driven offscreen through a long seeded sequence of random actions: parameter edits
// (through the document and through the widgets), undo and redo, tab switches, opening good and
// bad files, model layers and trained groups, the worked example, simulations, training started
// and stopped, saving and reopening the workspace, new workspaces. After each action settles,
// nothing has crashed and every view agrees with the document: the packing shown is a fresh
// packLayer of the current layer on the current parameters, and the panels show the document's
// parameters, simulation settings and training form.
// COLCOMB_STRESS_ACTIONS sets the number of actions (default 1000), COLCOMB_STRESS_SEED the seed.
#include "ArrayPanel.h"
#include "MainWindow.h"
#include "MetricsPanel.h"
#include "ParameterPanel.h"
#include "TrainingPanel.h"
#include "WorkspaceDocument.h"
#include "io/MatrixFile.h"
#include "matrix/RandomMatrix.h"
#include "training/JointOptimizer.h"
#include "training/ModelFile.h"
#include "../support/TestSupport.h"

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include <fstream>

using namespace colcomb;
using namespace colcomb::ui;

class TestUiStress : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString file(const char* name) const { return m_dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, file("settings"));
        saveFilterMatrix(file("a.csv").toStdString(), randomSparseMatrix(24, 60, 0.2, 1));
        saveFilterMatrix(file("b.npy").toStdString(), randomSparseMatrix(40, 96, 0.1, 2));
        saveFilterMatrix(file("c.csv").toStdString(), randomSparseMatrix(8, 12, 0.4, 3));
        std::ofstream(file("broken.npy").toStdString()) << "\x93NUMPY garbage";
        std::ofstream(file("broken.csv").toStdString()) << "1,2\n3,x\n";
        Network net = Network::fromSpec({{"input", {1, 8, 8}}, {"classes", 4}, {"widths", {8, 32}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 4}}}, 3);
        TrainingState state;
        state.groups = pruneAndCombine(net, 0.8, {});
        saveModel(file("model.json").toStdString(), net, state, {});
        QDir().mkpath(file("tiny"));
        colcomb::test::writeTinyMnist(file("tiny").toStdString(), 400, 40);
        std::ofstream(file("spec.json").toStdString())
            << R"({"input": [1, 8, 8], "classes": 4, "widths": [8, 16], "blocks": [1, 1], "strides": [1, 2], "alpha": [1, 4]})";
    }

    void randomActionsKeepEveryViewOnTheDocument()
    {
        const int actions = qEnvironmentVariableIsSet("COLCOMB_STRESS_ACTIONS") ? qEnvironmentVariableIntValue("COLCOMB_STRESS_ACTIONS") : 1000;
        const auto seed = static_cast<std::uint64_t>(qEnvironmentVariableIsSet("COLCOMB_STRESS_SEED") ? qEnvironmentVariableIntValue("COLCOMB_STRESS_SEED") : 8);
        SplitMix64 rng(seed);
        WorkspaceDocument ws;
        ws.setAutosaveInterval(1);
        ws.newWorkspace();
        LayerDocument& doc = *ws.layer();
        MainWindow window(&ws);
        window.resize(1200, 700);
        window.show();
        TrainingForm form = ws.trainingForm();
        form.dataset = "mnist";
        form.dataDir = file("tiny").toStdString();
        form.network = file("spec.json").toStdString();
        form.epochs = 1000;
        form.outDir = file("run").toStdString();
        ws.editTrainingForm(form);
        const QStringList good{file("a.csv"), file("b.npy"), file("c.csv"), file("model.json")};
        const QStringList bad{file("broken.npy"), file("broken.csv"), file("missing.csv")};
        const QStringList tabs{"matrices", "array", "training", "compare"};
        QElapsedTimer clock;
        clock.start();
        QStringList counts;
        std::map<QString, int> done;

        for (int step = 0; step < actions; ++step) {
            const int kind = rng.below(100);
            QString action;
            if (kind < 25) {
                action = "edit parameters";
                PackingParams p = doc.params();
                switch (rng.below(5)) {
                case 0: p.alpha = 1 + rng.below(12); break;
                case 1: p.gamma = rng.below(9) * 0.25; break;
                case 2: p.method = static_cast<CombineMethod>(rng.below(3)); break;
                case 3: p.array = {2 + rng.below(40), 2 + rng.below(40)}; break;
                default: p.pairwiseSectionColumns = rng.below(3) * 32; break;
                }
                ws.editParams(p);
            } else if (kind < 32) {
                action = "edit a spin box";
                if (rng.below(2)) window.findChild<QDoubleSpinBox*>("gammaSpin")->setValue(rng.below(8) * 0.25);
                else window.findChild<QSpinBox*>("alphaSpin")->setValue(1 + rng.below(10));
            } else if (kind < 44) {
                action = "undo";
                ws.undoStack()->undo();
            } else if (kind < 52) {
                action = "redo";
                ws.undoStack()->redo();
            } else if (kind < 60) {
                action = "switch tab";
                window.showTab(tabs[rng.below(static_cast<int>(tabs.size()))]);
            } else if (kind < 70) {
                action = "open a good file";
                window.openFile(good[rng.below(static_cast<int>(good.size()))]);
            } else if (kind < 74) {
                action = "open a bad file";
                window.openFile(bad[rng.below(static_cast<int>(bad.size()))]);
            } else if (kind < 78) {
                action = "select a model layer";
                if (doc.modelLayers().size() > 0) ws.selectLayer(rng.below(static_cast<int>(doc.modelLayers().size())));
            } else if (kind < 81) {
                action = "toggle trained groups";
                ws.editTrainedGroups(!doc.usesTrainedGroups());
            } else if (kind < 86) {
                action = "simulate";
                ws.editSimulation({rng.below(2) ? MacMode::BitSerial : MacMode::BitParallel, 1 + rng.below(12)});
                window.showArrayTab();
                if (rng.below(2)) window.showTab("matrices");  // leaves before the results arrive
            } else if (kind < 88) {
                action = "worked example";
                window.showTeachingExample();
            } else if (kind < 90) {
                action = "start and stop training";
                window.trainingPanel()->start(false);
                QTest::qWait(rng.below(200));
                window.trainingPanel()->stop();
                QVERIFY(QTest::qWaitFor([&] { return !window.trainingPanel()->isRunning(); }, 60000));
            } else if (kind < 96) {
                action = "save and reopen the workspace";
                const Workspace before = ws.snapshot();
                QCOMPARE(window.saveWorkspaceTo(file("stress-ws.json")), QString());
                QVERIFY(!ws.isModified());
                QCOMPARE(window.openWorkspace(file("stress-ws.json")), QString());
                QVERIFY(QTest::qWaitFor([&] { return !doc.isBusy(); }, 20000));
                // A generated layer (the worked example) is saved as the demo layer.
                if (!before.source.path.empty()) QVERIFY(ws.snapshot() == before);
            } else {
                action = "new workspace";
                ws.newWorkspace();
                ws.editTrainingForm(form);
            }
            ++done[action];

            // Settled: no load or packing in flight, dialogs dismissed.
            QVERIFY2(QTest::qWaitFor([&] { return !doc.isBusy() && doc.packing(); }, 30000), qPrintable(action));
            QCoreApplication::processEvents();
            for (QMessageBox* box : window.findChildren<QMessageBox*>()) box->close();

            // Every view shows the document.
            const PackingResult& shown = *doc.packing();
            const std::string where = "step " + std::to_string(step) + " (" + action.toStdString() + ")";
            QVERIFY2(shown.params == doc.params(), where.c_str());
            QVERIFY2(window.findChild<ParameterPanel*>()->params() == doc.params(), where.c_str());
            // With trained groups on, the groups come from the model file's layer, not from what is shown.
            const bool trained = doc.usesTrainedGroups() && doc.hasTrainedGroups();
            const PackingResult fresh = trained ? packWithGroups(shown.original, doc.modelLayerList()[static_cast<std::size_t>(doc.currentModelLayer())].trainedGroups, doc.params())
                                                : packLayer(shown.original, doc.params());
            QVERIFY2(fresh.packed.groups() == shown.packed.groups(), where.c_str());
            QVERIFY2(fresh.metrics.nnzAfter == shown.metrics.nnzAfter && fresh.metrics.tilesAfter == shown.metrics.tilesAfter, where.c_str());
            QVERIFY2(window.findChild<MetricsPanel*>()->text(MetricsPanel::ArrayColumns, 1) == QLocale().toString(fresh.metrics.groups), where.c_str());
            if (!window.arrayPanel()->isTeaching()) {
                QVERIFY2(window.arrayPanel()->macMode() == ws.simulation().mac && window.arrayPanel()->vectors() == ws.simulation().vectors, where.c_str());
            }
            QVERIFY2(window.trainingPanel()->form() == ws.trainingForm(), where.c_str());
            QVERIFY2(window.isModified() == !ws.undoStack()->isClean(), where.c_str());
            QVERIFY2(window.windowTitle().endsWith("*") == ws.isModified(), where.c_str());
        }
        for (const auto& [name, n] : done) counts << QString("%1 %2").arg(n).arg(name);
        qInfo().noquote() << QString("%1 actions in %2 s: %3").arg(actions).arg(clock.elapsed() / 1000.0, 0, 'f', 1).arg(counts.join(", "));
    }
};

QTEST_MAIN(TestUiStress)
#include "tst_ui_stress.moc"
