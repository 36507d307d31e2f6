#pragma once
// Packed layers leaving the tool: for a hardware flow, for a PyTorch training loop, and back in.
//
// Packing archive (.npz), per layer NAME:
//   NAME/packed_weights  float32 rows x groups  the weights the array stores
//   NAME/select          int32   rows x groups  each cell's original column, -1 for an empty cell
//   NAME/groups          int32   groups x alpha each group's original columns, -1 padded (alpha: the
//                                               packing's, or its widest group if wider)
//   NAME/mask            float32, the layer's tensor shape: 1 where a weight is kept, 0 where it is
//                        zero or pruned by column combining (a grouped conv's group: its slice)
// Pruning masks (`colcomb masks`): one float32 0/1 tensor per weight, keyed like the input (an npz
// key, an ONNX node name; a grouped conv's groups put back together), ready for
// `weight.data.mul_(mask)` after every optimizer step.
// Memory files (for an RTL array's $readmemh), per layer, folder/NAME.*:
//   weights.mem  one hex word per cell, row-major over filters x groups (every filter, empty
//                rows too), two's complement of `weightBits` bits; value = word x 2^-shift
//   select.mem   one hex word per cell in the same order: the multiplexer input the cell takes,
//                the column's position in its group (0 for an empty cell, whose weight is 0)
//   mem.json     rows, groups, alpha, bits, shift, select bits and the groups' columns
#include "base/Npy.h"
#include "io/Npz.h"
#include "nn/Network.h"
#include "packing/Packer.h"
#include "systolic/NetworkTotals.h"

#include <nlohmann/json.hpp>

#include <map>
#include <span>
#include <string>
#include <vector>

namespace colcomb {

// A network's packing as `colcomb pack --all --json` prints it: {"file", "layers", "not_packed",
// "totals"}, each layer packingToJson's fields plus name, kind and, where its output positions are
// known, cycles and energy per sample (README, "Bring your own model").
nlohmann::json networkPackingToJson(const std::string& file, std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results,
                                    const NetworkReport& report, std::span<const LayerFilterMatrix> notPacked, double seconds);

// The "totals" object of that JSON.
nlohmann::json networkTotalsToJson(const NetworkTotals& totals, double seconds);

std::vector<NpzEntry> packingArchive(std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results);
// The 0/1 masks column-combine pruning gives each weight, one float32 array in the weight's own
// shape (a grouped convolution's groups put back together). Keyed by the weight's parameter name
// where the file kept one ("conv1.weight": what a PyTorch loop matches against named_parameters()),
// else by the layer's name; the member kMaskKeysMember says which key is which.
std::vector<NpzEntry> pruningMasks(std::span<const LayerFilterMatrix> layers, std::span<const PackingResult> results);
// The masks archive's index: UTF-8 JSON as a uint8 array, {"format": "colcomb.mask-keys",
// "keys": [{"key", "layer", "key_is": "parameter" | "layer name"}, ...]}.
inline constexpr const char* kMaskKeysMember = "__keys__";
// Returns the files written; the folder is created. Names are made file-safe ("/" -> "_").
std::vector<std::string> writeMemoryFiles(const std::string& folder, std::span<const LayerFilterMatrix> layers,
                                          std::span<const PackingResult> results, int weightBits);

// The column groups of every layer of a packing archive, by name. Throws FileError naming the
// archive and the layer for a malformed or inconsistent entry.
std::map<std::string, ColumnGroups> readPackingArchiveGroups(const std::vector<NpzEntry>& entries, const std::string& name);

} // namespace colcomb
