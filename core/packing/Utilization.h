#pragma once
// Utilization efficiency, the paper's measure of packing: nonzero weights over the cells the
// matrix takes on the array (rows x columns as placed: nonempty rows x nonzero columns unpacked,
// x groups packed). Unpacked and sparse, zeros still occupy cells; packed, the same nonzeros need
// far fewer. The released training script logs it over a whole network as
// 100 x nonzeros / sum of (packed rows x packed columns).
// Not to be confused with the array's MAC utilization (useful MACs over cells x cycles), which
// the simulator reports: that one also counts the cycles spent filling and draining the array.
namespace colcomb {

inline double utilizationEfficiency(double nonzeros, double cells) { return cells > 0 ? nonzeros / cells : 0.0; }

} // namespace colcomb
