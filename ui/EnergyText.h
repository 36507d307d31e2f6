#pragma once
// Energy as every tab writes it: microjoules with three significant digits however small, and the
// breakdown by component (CostModel.h) for a tooltip, one line per component that spends anything.
#include "systolic/CostModel.h"

#include <QString>

namespace colcomb::ui {

QString microjoules(double pj);
// "Energy by component, before -> after (µJ, weights resident):" and a line per component; with
// no `after`, one column.
QString energyBreakdownText(const QString& basis, const EnergyBreakdown& before, const EnergyBreakdown* after = nullptr);

} // namespace colcomb::ui
