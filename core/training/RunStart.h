#pragma once
// Where a training run starts: a fresh network from a spec (with alpha per stage optionally
// overriding a shorthand spec's), or a pretrained model whose weights, masks and column groups
// are trained further with a fresh optimizer and schedule. The CLI and the studio both start runs
// through here, so they refuse the same contradictory requests with the same words.
#include "training/ModelFile.h"

#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct RunStart {
    std::string network = "demo";  // a bundled spec's name or a spec file (from scratch)
    std::vector<int> alpha;        // per stage of a shorthand spec, or one for every stage (of a layer list: every packed
                                   // layer); empty: the spec's own
    std::string from;              // a pretrained model (bundled name or file); empty: from scratch
    std::uint64_t seed = 1;
};

// "1,4,8" -> {1, 4, 8}; empty text gives an empty list. Throws ParameterError ("alpha") naming the
// text when an entry is not a whole number >= 1.
std::vector<int> parseAlphaList(std::string_view text);

// Throws ParameterError for alpha with a pretrained model or a layer-list spec ("alpha") and for
// a spec that describes no network ("network"), FileError for a file that cannot be read.
Model startingModel(const RunStart& start);

} // namespace colcomb
