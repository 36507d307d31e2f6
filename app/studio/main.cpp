// colcomb-studio [FILE] [--teach] [--view matrices|network|array|training|compare|tradeoffs] [--cycle N] [--screenshot PNG [--size WxH]]
//                [--export-animation GIF|FOLDER [--cycles A-B] [--size WxH]] [--step N] [--step-example]
//                [--autosave-interval SECONDS] [--recovery ask|restore|discard]
// Opens on FILE (.onnx, .npz, .npy, .csv, a model .zip/.json or a workspace .json), else on the bundled workspace
// (resources/demo-workspace.json: the trained demo models and their comparison) or, without it, a
// seeded demo layer (--teach: the worked example on the array). A FILE that cannot be read leaves
// the studio empty with the error shown: a demo layer could be taken for the user's data.
// --screenshot renders the window offscreen once the packing is shown, saves it and exits (for
// tests and the README pictures); --cycle steps the array to that cycle first.
// --export-animation writes the array animation (an animated GIF, or PNG frames into a folder)
// offscreen and exits, as the studio's export dialog would. --step N steps through the packing to
// its N-th decision; --step-example opens the 8 x 12 matrix where greedy and pairwise differ.
// A workspace with unsaved changes is autosaved for crash recovery every 30 s
// (--autosave-interval); a recovery file left by a studio that did not exit normally is offered
// at start (--recovery).
#include "ArrayPanel.h"
#include "MainWindow.h"
#include "PackingStepsPanel.h"
#include "WorkspaceDocument.h"
#include "base/Allocation.h"
#include "training/Bundled.h"
#include "packing/TileGrid.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <cstring>
#include <optional>
#include <utility>

namespace {

// Screenshots and exports need no display.
bool worksHeadless(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        for (const char* option : {"--screenshot", "--export-animation"})
            if (const std::size_t n = std::strlen(option); std::strncmp(argv[i], option, n) == 0 && (argv[i][n] == 0 || argv[i][n] == '=')) return true;
    return false;
}

// "A-B" with 0 <= A <= B.
std::optional<std::pair<long long, long long>> parseCycleRange(const QString& text)
{
    const QStringList parts = text.split('-');
    if (parts.size() != 2) return std::nullopt;
    bool okA = false, okB = false;
    const long long a = parts[0].toLongLong(&okA), b = parts[1].toLongLong(&okB);
    if (!okA || !okB || a < 0 || b < a) return std::nullopt;
    return std::pair{a, b};
}

int fail(const QString& message)
{
    QTextStream(stderr) << "colcomb-studio: " << message << "\n";
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    // A screenshot needs no display: choose the offscreen platform before Qt picks one.
    if (worksHeadless(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    colcomb::retainFreedMemory();  // loading and evaluating models allocates large tensors
    QApplication app(argc, argv);
    QApplication::setApplicationName("ColComb Studio");
    QApplication::setOrganizationName("colcomb");
    QApplication::setApplicationVersion(COLCOMB_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Column combining for sparse CNN layers on systolic arrays");
    parser.addHelpOption();
    parser.addPositionalArgument("file", "Weights (.onnx, .npz, .npy, .csv), a model (.zip, .json) or a workspace (.json); the bundled demo otherwise", "[file]");
    const QCommandLineOption screenshot("screenshot", "Render the window offscreen to <png> and exit", "png");
    const QCommandLineOption size("size", "Window size for --screenshot (default 1400x800), frame size for --export-animation (default 960x600)", "WxH");
    const QCommandLineOption exportAnimation("export-animation", "Write the array animation to <file> (.gif) or into a folder of PNG frames, and exit", "file");
    const QCommandLineOption cycles("cycles", "Cycles the exported animation shows (default: the whole run)", "A-B");
    const QCommandLineOption teach("teach", "Open on the worked example running on the array");
    const QCommandLineOption view("view", "Tab to show: matrices, network, array, training, compare or tradeoffs", "tab", "matrices");
    const QCommandLineOption cycle("cycle", "Step the array to this cycle", "n", "0");
    parser.addOption(screenshot);
    parser.addOption(size);
    parser.addOption(teach);
    parser.addOption(view);
    parser.addOption(cycle);
    parser.addOption(exportAnimation);
    parser.addOption(cycles);
    const QCommandLineOption step("step", "Step through the packing and show its n-th decision (0: the start)", "n");
    const QCommandLineOption stepExample("step-example", "Step through the 8 x 12 matrix where greedy and pairwise differ");
    parser.addOption(step);
    parser.addOption(stepExample);
    const QCommandLineOption autosave("autosave-interval", "Seconds between autosaves of unsaved work for crash recovery (0: off)", "seconds", "30");
    const QCommandLineOption recovery("recovery", "Unsaved work left by a studio that did not exit normally: ask, restore or discard", "policy", "ask");
    parser.addOption(autosave);
    parser.addOption(recovery);
    parser.process(app);

    const bool exporting = parser.isSet(exportAnimation);
    const QString sizeText = parser.isSet(size) ? parser.value(size) : exporting ? "960x600" : "1400x800";
    const auto windowSize = colcomb::parseArrayShape(sizeText.toStdString());
    if (!windowSize || windowSize->rows > 10000 || windowSize->cols > 10000)
        return fail("--size: '" + sizeText + "' is not WIDTHxHEIGHT in pixels");
    std::optional<std::pair<long long, long long>> cycleRange;
    if (parser.isSet(cycles) && !(cycleRange = parseCycleRange(parser.value(cycles))))
        return fail("--cycles: '" + parser.value(cycles) + "' is not FIRST-LAST with 0 <= FIRST <= LAST");
    if (exporting && parser.isSet(screenshot)) return fail("--export-animation and --screenshot: choose one");

    bool intervalOk = false;
    const int interval = parser.value(autosave).toInt(&intervalOk);
    if (!intervalOk || interval < 0) return fail("--autosave-interval: expected a whole number of seconds >= 0");
    const QString recoveryPolicy = parser.value(recovery);
    if (!QStringList{"ask", "restore", "discard"}.contains(recoveryPolicy)) return fail("--recovery: expected ask, restore or discard");

    const bool headless = exporting || parser.isSet(screenshot);
    const QString bundled = QString::fromStdString(colcomb::resourcesFolder() + "/demo-workspace.json");
    QString file = parser.positionalArguments().isEmpty() ? QString() : parser.positionalArguments().first();
    if (file.isEmpty() && !parser.isSet(teach) && !parser.isSet(stepExample) && QFileInfo::exists(bundled)) file = bundled;  // the trained demo networks
    if (!file.isEmpty() && !QFileInfo::exists(file) && headless) return fail(file + ": no such file");

    colcomb::ui::WorkspaceDocument workspace;
    workspace.setAutosaveInterval(interval);
    using Start = colcomb::ui::WorkspaceDocument::Start;
    workspace.newWorkspace(file.isEmpty() ? Start::DemoLayer : Start::Empty);
    colcomb::ui::LayerDocument& document = *workspace.layer();
    colcomb::ui::MainWindow window(&workspace);
    QString loadError;
    QObject::connect(&document, &colcomb::ui::LayerDocument::loadFailed, [&](const QString& m) { loadError = m; });
    QObject::connect(&workspace, &colcomb::ui::WorkspaceDocument::sourceMissing, [](const QString& m) { QTextStream(stderr) << "colcomb-studio: warning: " << m << "\n"; });
    if (!file.isEmpty()) {
        if (const QString error = window.openFile(file); !error.isEmpty() && headless) return fail(error);
    }
    if (!window.showTab(parser.value(view))) return fail("--view: expected matrices, network, array, training, compare or tradeoffs");
    bool cycleOk = false;
    const long long startCycle = parser.value(cycle).toLongLong(&cycleOk);
    if (!cycleOk || startCycle < 0) return fail("--cycle: expected a whole number >= 0");
    if (parser.isSet(teach)) window.showTeachingExample();
    bool stepOk = true;
    const int stepShown = parser.isSet(step) ? parser.value(step).toInt(&stepOk) : -1;
    if (!stepOk || (parser.isSet(step) && stepShown < 0)) return fail("--step: expected a whole number >= 0");
    if (parser.isSet(stepExample)) window.showStepThroughExample();

    if (!headless) {
        window.show();
        window.offerRecovery(recoveryPolicy);
        return QApplication::exec();
    }

    if (!exporting) window.resize(windowSize->rows, windowSize->cols);
    window.show();
    QElapsedTimer clock;
    clock.start();
    const colcomb::ui::NetworkDocument& network = *workspace.network();
    while ((document.isBusy() || !document.packing() || network.isBusy()) && loadError.isEmpty() && clock.elapsed() < 60000)
        QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!loadError.isEmpty()) return fail(loadError);
    if (!document.packing()) return fail("packing did not finish within 60 s");
    if (exporting) {
        colcomb::ui::ArrayPanel& array = *window.arrayPanel();
        const long long total = array.playback()->trace().totalCycles();
        const auto [first, last] = cycleRange.value_or(std::pair{0LL, total});
        if (last > total) return fail(QString("--cycles: the layer runs %1 cycles on the array; choose cycles up to %1").arg(total));
        const QString path = parser.value(exportAnimation);
        const bool gif = path.endsWith(".gif", Qt::CaseInsensitive);
        if (const auto outcome = array.exportAnimationTo(path, gif, first, last, QSize(windowSize->rows, windowSize->cols), 300); !outcome.error.isEmpty())
            return fail(outcome.error);
        QTextStream(stdout) << QString("wrote %1 frames (cycles %2-%3) to %4\n").arg(last - first + 1).arg(first).arg(last).arg(path);
        return 0;
    }
    if (parser.isSet(cycle)) window.arrayPanel()->playback()->seek(startCycle);
    if (stepShown >= 0 || parser.isSet(stepExample)) {
        window.setStepping(true);
        colcomb::ui::PackingStepsPanel& steps = *window.stepsPanel();
        while ((!steps.isReady() || steps.frame().packing == nullptr || document.isBusy()) && clock.elapsed() < 60000)
            QApplication::processEvents(QEventLoop::AllEvents, 50);
        if (stepShown > steps.stepCount()) return fail(QString("--step: this packing has %1 steps").arg(steps.stepCount()));
        steps.seek(std::max(stepShown, 0));
    }
    while (window.arrayPanel()->isSimulating() && clock.elapsed() < 60000) QApplication::processEvents(QEventLoop::AllEvents, 50);
    QApplication::processEvents(QEventLoop::AllEvents, 200);
    const QImage picture = window.grab().toImage();
    if (!picture.save(parser.value(screenshot), "PNG")) return fail(parser.value(screenshot) + ": cannot write the screenshot");
    // The window never shrinks below what its tab needs: say so rather than hand back another size.
    if (picture.width() > windowSize->rows || picture.height() > windowSize->cols)
        QTextStream(stderr) << QString("warning: this view needs at least %1x%2; the screenshot is %1x%2, not %3x%4\n")
                                   .arg(picture.width()).arg(picture.height()).arg(windowSize->rows).arg(windowSize->cols);
    return 0;
}
