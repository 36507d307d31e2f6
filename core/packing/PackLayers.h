#pragma once
// A whole network's layers packed at once: each layer by packLayer with its own parameters, the
// layers spread over the machine's cores (largest first, so that one big layer does not run last
// alone). Results come back in the layers' order and equal packing them one by one.
#include "packing/PackingCancelled.h"
#include "packing/Packer.h"

#include <functional>
#include <span>
#include <stdexcept>
#include <vector>

namespace colcomb {

// Called from the workers (any thread) after each layer with the layers done so far; returning
// false cancels: layers not started are skipped and packLayers throws PackingCancelled.
using PackLayersProgress = std::function<bool(std::size_t done, std::size_t total)>;

// `params` holds one entry per layer. Throws std::invalid_argument for bad parameters (naming the
// layer) before any work starts. threads = 0: one per core.
std::vector<PackingResult> packLayers(std::span<const FilterMatrix> layers, std::span<const PackingParams> params, unsigned threads = 0,
                                      const PackLayersProgress& progress = {});

} // namespace colcomb
