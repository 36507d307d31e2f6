#pragma once
// The studio's files, as the user meets them: opening weights, a model or a workspace (from the
// File menu, the recent files, a drop or the command line), saving and saving as, the question
// before unsaved changes would be dropped, and the offer to restore what a studio that did not
// close normally autosaved. Dialogs are window-modal; the work is the workspace document's.
#include <QObject>
#include <QString>

class QMainWindow;
class QUrl;

namespace colcomb::ui {

class StudioActions;
class WorkspaceDocument;

class WorkspaceFiles : public QObject {
    Q_OBJECT

public:
    WorkspaceFiles(WorkspaceDocument* workspace, StudioActions* actions, QMainWindow* window);

    // Workspaces are .json files whose format is "colcomb.workspace".
    static bool isWorkspaceFile(const QString& path);
    // What a drop can open: weights, models and workspaces.
    static bool canOpen(const QUrl& url);

    // Weights, a model or a workspace. Weights and models load in the background (errors arrive
    // through the document); a workspace that cannot be read returns its error, which is also
    // shown. Either joins the recent files.
    QString open(const QString& path);
    // Asks first when opening a workspace would drop unsaved changes.
    void openAsked(const QString& path);
    QString saveTo(const QString& path);
    // Save (to the workspace's file, asking for one if it has none) or Save as.
    bool save(bool chooseName);
    // Asks to save a modified workspace; false when the user cancels.
    bool maybeSave(const QString& why);
    void chooseAndOpen();
    void chooseAndOpenWorkspace();
    void startNew();
    // Restore or Discard ("ask"), or that answer without asking ("restore", "discard").
    void offerRecovery(const QString& policy);

private:
    WorkspaceDocument* m_workspace;
    StudioActions* m_actions;
    QMainWindow* m_window;
};

} // namespace colcomb::ui
