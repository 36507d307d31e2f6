#pragma once
// Every command of the studio's menus and toolbar in one place: each QAction with its text,
// shortcut, tool tip and checked state, the menus they sit in and the toolbar. The window
// connects them to what they do; nothing here acts on the workspace.
#include <QObject>

class QAction;
class QMainWindow;
class QMenu;
class QUndoStack;
class QWidget;

namespace colcomb::ui {

class StudioActions : public QObject {
    Q_OBJECT

public:
    // Parented to `window`, whose shortcuts they are; undo and redo are `undo`'s.
    StudioActions(QUndoStack* undo, QMainWindow* window);

    // The menu bar and the toolbar, with the toolbar's widgets for the shown layer and its colouring.
    void addMenusAndToolBar(QWidget* layerChooser, QWidget* colouring);
    // File > Open recent, rebuilt from the remembered files (also when it opens).
    void rebuildRecentMenu();
    QMenu* recentMenu() const { return m_recent; }

    // Help > Keyboard shortcuts and Help > About, as rich text.
    static QString keyboardShortcutsText();
    static QString aboutText();

    QAction* open;
    QAction* exportFigure;
    QAction* exportPrintFigure;
    QAction* exportReport;
    QAction* newWorkspace;
    QAction* openWorkspace;
    QAction* saveWorkspace;
    QAction* saveWorkspaceAs;
    QAction* quit;
    QAction* undo;
    QAction* redo;
    QAction* resetParameters;
    QAction* resetZoom;
    QAction* syncZoom;  // checkable, on
    QAction* fullScreen;  // checkable: checked while presenting
    QAction* teach;
    QAction* stepThrough;  // checkable: checked while stepping
    QAction* stepExample;
    QAction* shortcuts;
    QAction* about;

signals:
    void recentChosen(const QString& path);
    // Reproduce > Figure n.
    void reproduceChosen(int figure);

private:
    QMainWindow* m_window;
    QMenu* m_recent;
};

} // namespace colcomb::ui
