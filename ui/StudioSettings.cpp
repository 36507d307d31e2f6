#include "StudioSettings.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace colcomb::ui {

namespace {

QSettings settings() { return QSettings(QSettings::IniFormat, QSettings::UserScope, "colcomb", "studio"); }

} // namespace

QStringList recentFiles()
{
    QStringList files;
    for (const QString& f : settings().value("recentFiles").toStringList())
        if (QFileInfo::exists(f) && files.size() < kRecentFiles) files << f;
    return files;
}

void addRecentFile(const QString& path)
{
    const QString file = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(file);
    files.prepend(file);
    settings().setValue("recentFiles", files.mid(0, kRecentFiles));
}

QString lastFolder(const QString& dialog, const QString& fallback)
{
    const QString folder = settings().value("folders/" + dialog).toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir()) return folder;
    return fallback.isEmpty() ? QDir::homePath() : fallback;
}

void rememberFolder(const QString& dialog, const QString& chosenPath)
{
    const QFileInfo chosen(chosenPath);
    settings().setValue("folders/" + dialog, chosen.isDir() ? chosen.absoluteFilePath() : chosen.absolutePath());
}

QByteArray storedLayout(const QString& key) { return settings().value("window/" + key).toByteArray(); }

void storeLayout(const QString& key, const QByteArray& state) { settings().setValue("window/" + key, state); }

std::optional<PackingParams> lastParams()
{
    QSettings s = settings();
    if (!s.contains("params/alpha")) return std::nullopt;
    PackingParams p;
    p.alpha = s.value("params/alpha", p.alpha).toInt();
    p.gamma = s.value("params/gamma", p.gamma).toDouble();
    if (const auto m = parseMethodChoice(s.value("params/method", QString::fromStdString(methodName(p.method))).toString().toStdString())) setMethodChoice(p, *m);
    p.pairwiseSectionColumns = s.value("params/section", p.pairwiseSectionColumns).toInt();
    p.array = {s.value("params/arrayRows", p.array.rows).toInt(), s.value("params/arrayCols", p.array.cols).toInt()};
    if (!validatePackingParams(p).empty()) return std::nullopt;  // a hand-edited settings file
    return p;
}

void rememberParams(const PackingParams& p)
{
    QSettings s = settings();
    s.setValue("params/alpha", p.alpha);
    s.setValue("params/gamma", p.gamma);
    s.setValue("params/method", QString::fromStdString(methodChoiceName(methodChoice(p))));
    s.setValue("params/section", p.pairwiseSectionColumns);
    s.setValue("params/arrayRows", p.array.rows);
    s.setValue("params/arrayCols", p.array.cols);
}

} // namespace colcomb::ui
