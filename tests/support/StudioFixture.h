#pragma once
// A studio window on a layer, shown, with its first packing done: what the UI suites start from.
#include "LayerDocument.h"
#include "MainWindow.h"
#include "WorkspaceDocument.h"
#include "matrix/RandomMatrix.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

namespace colcomb::ui {

// Settings, recent files and recovery files of the tests' own (under `folder`), never the user's.
inline void useTestSettings(const QString& folder)
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, folder + "/settings");
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

inline bool waitIdle(LayerDocument& doc)
{
    return QTest::qWaitFor([&] { return !doc.isBusy() && doc.packing(); }, 20000);
}

struct Studio {
    WorkspaceDocument ws;
    LayerDocument& doc = *ws.layer();
    MainWindow window{&ws};
    bool ready = false;

    explicit Studio(FilterMatrix layer = demoLayer())
    {
        doc.setSource(std::move(layer), "demo");
        window.show();
        ready = waitIdle(doc);
    }
};

} // namespace colcomb::ui
