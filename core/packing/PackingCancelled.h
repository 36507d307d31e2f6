#pragma once
#include <stdexcept>

namespace colcomb {

// What packing throws when its caller cancels it (a raised cancel flag, a progress callback
// saying stop): nothing is returned, nothing half-packed is kept.
struct PackingCancelled : std::runtime_error {
    PackingCancelled() : std::runtime_error("packing cancelled") {}
};

} // namespace colcomb
