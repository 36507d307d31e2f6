#pragma once
// The studio's messages to the user: window-modal but non-blocking, so that the window keeps
// repainting (a lecture or a running job is never stopped by a dialog), and deleted once closed.
#include <QString>

class QWidget;

namespace colcomb::ui {

// An error, named "errorDialog" so that tests can find and close it.
void showError(QWidget* parent, const QString& title, const QString& message);
// A confirmation or an explanation; `name` is its object name.
void showInformation(QWidget* parent, const QString& title, const QString& message, const QString& name = {});

} // namespace colcomb::ui
