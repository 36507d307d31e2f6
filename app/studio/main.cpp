// colcomb-studio [FILE] [--teach] [--view matrices|array|training|compare] [--cycle N] [--screenshot PNG [--size WxH]]
//                [--autosave-interval SECONDS] [--recovery ask|restore|discard]
// Opens on FILE (.npy, .csv, a model .json or a workspace .json), else on the bundled workspace
// (resources/demo-workspace.json: the trained demo models and their comparison) or, without it, a
// seeded demo layer (--teach: the worked example on the array).
// --screenshot renders the window offscreen once the packing is shown, saves it and exits (for
// tests and the README pictures); --cycle steps the array to that cycle first. A workspace with
// unsaved changes is autosaved for crash recovery every 30 s (--autosave-interval); a recovery file
// left by a studio that did not exit normally is offered at start (--recovery).
#include "ArrayPanel.h"
#include "MainWindow.h"
#include "WorkspaceDocument.h"
#include "nn/Allocation.h"
#include "nn/Bundled.h"
#include "packing/TileGrid.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTextStream>

#include <cstring>

namespace {

bool wantsScreenshot(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--screenshot") == 0 || std::strncmp(argv[i], "--screenshot=", 13) == 0) return true;
    return false;
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
    if (wantsScreenshot(argc, argv) && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    colcomb::retainFreedMemory();  // loading and evaluating models allocates large tensors
    QApplication app(argc, argv);
    QApplication::setApplicationName("ColComb Studio");
    QApplication::setOrganizationName("colcomb");
    QApplication::setApplicationVersion(COLCOMB_VERSION);

    QCommandLineParser parser;
    parser.setApplicationDescription("Column combining for sparse CNN layers on systolic arrays");
    parser.addHelpOption();
    parser.addPositionalArgument("file", "Weights (.npy, .csv), a model or a workspace (.json); the bundled demo otherwise", "[file]");
    const QCommandLineOption screenshot("screenshot", "Render the window offscreen to <png> and exit", "png");
    const QCommandLineOption size("size", "Window size for --screenshot (default 1400x800)", "WxH", "1400x800");
    const QCommandLineOption teach("teach", "Open on the worked example running on the array");
    const QCommandLineOption view("view", "Tab to show: matrices, array, training or compare", "tab", "matrices");
    const QCommandLineOption cycle("cycle", "Step the array to this cycle", "n", "0");
    parser.addOption(screenshot);
    parser.addOption(size);
    parser.addOption(teach);
    parser.addOption(view);
    parser.addOption(cycle);
    const QCommandLineOption autosave("autosave-interval", "Seconds between autosaves of unsaved work for crash recovery (0: off)", "seconds", "30");
    const QCommandLineOption recovery("recovery", "Unsaved work left by a studio that did not exit normally: ask, restore or discard", "policy", "ask");
    parser.addOption(autosave);
    parser.addOption(recovery);
    parser.process(app);

    const auto windowSize = colcomb::parseArrayShape(parser.value(size).toStdString());
    if (!windowSize || windowSize->rows > 10000 || windowSize->cols > 10000)
        return fail("--size: '" + parser.value(size) + "' is not WIDTHxHEIGHT in pixels");

    bool intervalOk = false;
    const int interval = parser.value(autosave).toInt(&intervalOk);
    if (!intervalOk || interval < 0) return fail("--autosave-interval: expected a whole number of seconds >= 0");
    const QString recoveryPolicy = parser.value(recovery);
    if (!QStringList{"ask", "restore", "discard"}.contains(recoveryPolicy)) return fail("--recovery: expected ask, restore or discard");

    colcomb::ui::WorkspaceDocument workspace;
    workspace.setAutosaveInterval(interval);
    workspace.newWorkspace();
    colcomb::ui::LayerDocument& document = *workspace.layer();
    colcomb::ui::MainWindow window(&workspace);
    QString loadError;
    QObject::connect(&document, &colcomb::ui::LayerDocument::loadFailed, [&](const QString& m) { loadError = m; });
    const QString bundled = QString::fromStdString(colcomb::resourcesFolder() + "/demo-workspace.json");
    QString file = parser.positionalArguments().isEmpty() ? QString() : parser.positionalArguments().first();
    if (file.isEmpty() && !parser.isSet(teach) && QFileInfo::exists(bundled)) file = bundled;  // the trained demo networks
    if (!file.isEmpty()) {
        if (!QFileInfo::exists(file)) return fail(file + ": no such file");
        if (const QString error = window.openFile(file); !error.isEmpty() && parser.isSet(screenshot)) return fail(error);
    }
    if (!window.showTab(parser.value(view))) return fail("--view: expected matrices, array, training or compare");
    bool cycleOk = false;
    const long long startCycle = parser.value(cycle).toLongLong(&cycleOk);
    if (!cycleOk || startCycle < 0) return fail("--cycle: expected a whole number >= 0");
    if (parser.isSet(teach)) window.showTeachingExample();

    if (!parser.isSet(screenshot)) {
        window.show();
        window.offerRecovery(recoveryPolicy);
        return QApplication::exec();
    }

    window.resize(windowSize->rows, windowSize->cols);
    window.show();
    QElapsedTimer clock;
    clock.start();
    while ((document.isBusy() || !document.packing()) && clock.elapsed() < 60000) QApplication::processEvents(QEventLoop::AllEvents, 50);
    if (!loadError.isEmpty()) return fail(loadError);
    if (!document.packing()) return fail("packing did not finish within 60 s");
    if (parser.isSet(cycle)) window.arrayPanel()->playback()->seek(startCycle);
    QApplication::processEvents(QEventLoop::AllEvents, 200);
    if (!window.grab().save(parser.value(screenshot), "PNG")) return fail(parser.value(screenshot) + ": cannot write the screenshot");
    return 0;
}
