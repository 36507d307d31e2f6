#pragma once
// A tensor of seeded uniform values, for the nn and training suites.
#include "matrix/RandomMatrix.h"
#include "nn/Tensor.h"

#include <cstdint>

namespace colcomb::test {

inline Tensor randomTensor(int channels, int batch, int height, int width, std::uint64_t seed, float lo = -1.0f, float hi = 1.0f)
{
    SplitMix64 rng(seed);
    Tensor t = Tensor::zeros(channels, batch, height, width);
    for (Eigen::Index i = 0; i < t.x.size(); ++i) t.x.data()[i] = lo + static_cast<float>(rng.uniform()) * (hi - lo);
    return t;
}

} // namespace colcomb::test
