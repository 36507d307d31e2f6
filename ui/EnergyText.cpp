#include "EnergyText.h"

#include <QStringList>

#include <algorithm>
#include <cmath>

namespace colcomb::ui {

QString microjoules(double pj)
{
    const double uj = pj * 1e-6;
    const int decimals = uj > 0 ? std::clamp(2 - static_cast<int>(std::floor(std::log10(uj))), 2, 9) : 2;
    return QString::number(uj, 'f', decimals);
}

QString energyBreakdownText(const QString& basis, const EnergyBreakdown& before, const EnergyBreakdown* after)
{
    QStringList lines{after ? QString("Energy by component, before -> after (µJ, %1):").arg(basis) : QString("Energy by component (µJ, %1):").arg(basis)};
    for (const EnergyComponent& e : kEnergyComponents) {
        const double b = before.*e.value;
        const double a = after ? after->*e.value : 0.0;
        if (b <= 0.0 && a <= 0.0) continue;
        lines << (after ? QString("%1: %2 -> %3").arg(e.label, microjoules(b), microjoules(a)) : QString("%1: %2").arg(e.label, microjoules(b)));
    }
    return lines.join('\n');
}

} // namespace colcomb::ui
