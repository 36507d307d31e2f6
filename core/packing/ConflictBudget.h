#pragma once
// gamma, the conflict budget: a column group may hold at most floor(gamma x rows) conflicts in
// total. gamma = 0 forbids conflicts (pure packing, nothing pruned); the released CIFAR-10 recipe
// uses 1.75, the ASIC study 0.5.
namespace colcomb {

// floor(gamma x rows), as the released code's int(gamma * rows).
inline int conflictBudget(double gamma, int rows) { return static_cast<int>(gamma * static_cast<double>(rows)); }

} // namespace colcomb
