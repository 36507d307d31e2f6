#pragma once
// A network file's layers packed in one call: the chosen rows of the file, each with its own
// parameters, costed at its own output positions (LayerFilterMatrix::vectors). The CLI's pack and
// masks commands and the studio's Network tab pack a model file through here.
#include "io/NetworkFile.h"
#include "systolic/NetworkPacking.h"

#include <span>

namespace colcomb {

// `params` holds one entry per row. Throws std::invalid_argument for a row that is not in the
// file or a count that does not match, and what packNetwork throws.
NetworkPacking packNetworkFile(const NetworkFile& network, std::span<const std::size_t> rows, std::span<const PackingParams> params,
                               ArrayConfig hardware = {}, unsigned threads = 0, const PackLayersProgress& progress = {});

} // namespace colcomb
