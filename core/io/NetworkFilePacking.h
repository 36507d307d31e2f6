#pragma once
// A network file's layers packed in one call: the chosen rows of the file, each with its own
// parameters, costed at its own output positions (LayerFilterMatrix::vectors). The CLI's pack and
// masks commands and the studio's Network tab pack a model file through here.
#include "io/NetworkFile.h"
#include "systolic/NetworkPacking.h"

#include <span>

namespace colcomb {

// The kernel positions (kh x kw) of a weight's filter matrix columns: kh x kw of a 4-D weight
// [out, in, kh, kw]; 1 for a matrix, whose columns are its inputs.
int kernelPositionsOf(const std::vector<std::size_t>& shape);
// A layer's: its own count when it has one (a colcomb model's conv), else from its stored shape.
int kernelPositionsOf(const LayerFilterMatrix& layer);
// `params` with the layer's kernel positions, what fixed groups and N:M need to group its columns;
// a matrix (one position) keeps those `params` name, which a user may set for a bare matrix.
PackingParams paramsForLayer(const LayerFilterMatrix& layer, PackingParams params);

// `params` holds one entry per row, completed by paramsForLayer. Throws std::invalid_argument for a row that is not in the
// file or a count that does not match, and what packNetwork throws.
NetworkPacking packNetworkFile(const NetworkFile& network, std::span<const std::size_t> rows, std::span<const PackingParams> params,
                               ArrayConfig hardware = {}, unsigned threads = 0, const PackLayersProgress& progress = {});

} // namespace colcomb
