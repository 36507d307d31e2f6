#pragma once
// The small worked example the studio teaches with: a 4 x 6 filter matrix whose columns pack,
// with alpha 3 and no conflicts, into two groups that fill a 4 x 2 array. Weights and inputs are
// small integers and the layer runs unscaled, so every number on screen can be checked by hand.
#include "matrix/FilterMatrix.h"
#include "packing/Packer.h"
#include "systolic/ArrayConfig.h"
#include "systolic/QuantizedLayer.h"

namespace colcomb {

struct TeachingExample {
    FilterMatrix weights;
    PackingParams params;
    PackedLayer packed;
    QuantizedLayer layer;  // the packed weights as they are (integers), scale 1
    ArrayConfig array;
    InputBatch inputs;
};

TeachingExample teachingExample();

} // namespace colcomb
