#pragma once
// What the studio remembers between sessions, per user (QSettings, INI format): the recent files,
// the window's geometry and splitter state, the last folder of each file dialog and the last
// packing parameters. Tests point QSettings::setPath (or XDG_CONFIG_HOME) at a folder of their own.
#include "packing/Packer.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace colcomb::ui {

inline constexpr int kRecentFiles = 10;

QStringList recentFiles();
// Moves the file to the top of the list (at most kRecentFiles, existing files only).
void addRecentFile(const QString& path);

// The folder a file dialog of this kind starts in: where the last one was chosen, else
// `fallback` (home when empty).
QString lastFolder(const QString& dialog, const QString& fallback = {});
void rememberFolder(const QString& dialog, const QString& chosenPath);

QByteArray storedLayout(const QString& key);
void storeLayout(const QString& key, const QByteArray& state);

std::optional<PackingParams> lastParams();
void rememberParams(const PackingParams& params);

} // namespace colcomb::ui
