#include "WorkspaceFiles.h"

#include "Notices.h"
#include "StudioActions.h"
#include "StudioSettings.h"
#include "WorkspaceDocument.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMainWindow>
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUrl>

namespace colcomb::ui {

WorkspaceFiles::WorkspaceFiles(WorkspaceDocument* workspace, StudioActions* actions, QMainWindow* window)
    : QObject(window), m_workspace(workspace), m_actions(actions), m_window(window)
{
}

bool WorkspaceFiles::isWorkspaceFile(const QString& path)
{
    // Workspaces are written with "format" as their first key; a hand-written one only has to
    // mention its format early on.
    if (!path.endsWith(".json", Qt::CaseInsensitive)) return false;
    QFile f(path);
    return f.open(QIODevice::ReadOnly) && f.read(4096).contains("\"colcomb.workspace\"");
}

bool WorkspaceFiles::canOpen(const QUrl& url)
{
    const QString s = url.toLocalFile().toLower();
    return url.isLocalFile()
           && (s.endsWith(".npy") || s.endsWith(".csv") || s.endsWith(".json") || s.endsWith(".onnx") || s.endsWith(".npz") || s.endsWith(".zip"));
}

QString WorkspaceFiles::open(const QString& path)
{
    addRecentFile(path);
    m_actions->rebuildRecentMenu();
    if (!isWorkspaceFile(path)) {
        m_workspace->openSource(path);
        return {};
    }
    const QString error = m_workspace->open(path);
    if (!error.isEmpty()) showError(m_window, "Cannot open the workspace", error);
    return error;
}

void WorkspaceFiles::openAsked(const QString& path)
{
    if (isWorkspaceFile(path) && !maybeSave("opening another workspace")) return;
    open(path);
}

QString WorkspaceFiles::saveTo(const QString& path)
{
    const QString error = m_workspace->saveTo(path);
    if (error.isEmpty()) {
        addRecentFile(path);
        m_actions->rebuildRecentMenu();
    }
    return error;
}

bool WorkspaceFiles::save(bool chooseName)
{
    QString path = m_workspace->filePath();
    if (chooseName || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(m_window, "Save workspace", QDir(lastFolder("workspace")).filePath("colcomb-workspace.json"),
                                            "ColComb workspaces (*.json)");
        if (path.isEmpty()) return false;
        rememberFolder("workspace", path);
    }
    if (const QString error = saveTo(path); !error.isEmpty()) {
        showError(m_window, "Cannot save the workspace", error);
        return false;
    }
    m_window->statusBar()->showMessage("Workspace saved to " + path, 5000);
    return true;
}

bool WorkspaceFiles::maybeSave(const QString& why)
{
    if (!m_workspace->isModified()) return true;
    const auto answer = QMessageBox::question(m_window, "Unsaved changes",
                                              "The workspace " + m_workspace->displayName() + " has changes that are not saved. Save them before " + why + "?",
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Discard || (answer == QMessageBox::Save && save(false));
}

void WorkspaceFiles::chooseAndOpen()
{
    const QString path = QFileDialog::getOpenFileName(m_window, "Open weights or a model", lastFolder("weights"),
                                                      "Weights and models (*.onnx *.npz *.npy *.csv *.zip *.json);;ONNX models (*.onnx);;"
                                                      "NumPy state dicts (*.npz);;NumPy arrays (*.npy);;CSV matrices and SCALE-Sim topologies (*.csv);;"
                                                      "ColComb models (*.zip *.json)");
    if (path.isEmpty()) return;
    rememberFolder("weights", path);
    openAsked(path);
}

void WorkspaceFiles::chooseAndOpenWorkspace()
{
    if (!maybeSave("opening another workspace")) return;
    const QString path = QFileDialog::getOpenFileName(m_window, "Open a workspace", lastFolder("workspace"), "ColComb workspaces (*.json)");
    if (path.isEmpty()) return;
    rememberFolder("workspace", path);
    open(path);
}

void WorkspaceFiles::startNew()
{
    if (!maybeSave("starting a new workspace")) return;
    m_workspace->newWorkspace();
    if (const auto params = lastParams()) m_workspace->editParams(*params);
    m_workspace->undoStack()->clear();
}

void WorkspaceFiles::offerRecovery(const QString& policy)
{
    const QStringList files = WorkspaceDocument::leftoverRecoveryFiles();
    if (files.isEmpty()) return;
    bool restore = policy == "restore";
    if (policy == "ask") {
        QMessageBox box(QMessageBox::Question, "Restore unsaved work?",
                        "ColComb Studio did not close normally last time. Restore the workspace as it was autosaved at " +
                            QFileInfo(files.first()).lastModified().toString("yyyy-MM-dd hh:mm:ss") + "?",
                        QMessageBox::NoButton, m_window);
        QPushButton* restoreButton = box.addButton("Restore", QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Discard);
        box.setDefaultButton(restoreButton);
        box.exec();
        restore = box.clickedButton() == restoreButton;
    }
    if (restore) {
        if (const QString error = m_workspace->restoreRecovery(files.first()); !error.isEmpty()) showError(m_window, "Cannot restore the workspace", error);
    }
    for (const QString& f : files) QFile::remove(f);  // offered once: the restored state has its own autosave now
}

} // namespace colcomb::ui
