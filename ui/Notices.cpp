#include "Notices.h"

#include <QMessageBox>

namespace colcomb::ui {

namespace {

void showNotice(QWidget* parent, QMessageBox::Icon icon, const QString& title, const QString& message, const QString& name)
{
    auto* box = new QMessageBox(icon, title, message, QMessageBox::Ok, parent);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setObjectName(name);
    box->open();
}

} // namespace

void showError(QWidget* parent, const QString& title, const QString& message) { showNotice(parent, QMessageBox::Critical, title, message, "errorDialog"); }

void showInformation(QWidget* parent, const QString& title, const QString& message, const QString& name)
{
    showNotice(parent, QMessageBox::Information, title, message, name);
}

} // namespace colcomb::ui
