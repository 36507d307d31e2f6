#pragma once
// Seeded sparse matrices for tests, benchmarks and the studio's demo layer. The generator is
// written out here (not std::normal_distribution) so a seed gives the same matrix on every
// standard library.
#include "matrix/FilterMatrix.h"

#include <cstdint>

namespace colcomb {

class SplitMix64 {
public:
    explicit SplitMix64(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next();
    double uniform();  // [0, 1)
    double normal();   // standard normal (Box-Muller)
    int below(int n);  // [0, n)

private:
    std::uint64_t m_state;
};

// Each entry independently nonzero with probability `density`; nonzeros ~ N(0, 1) (never 0).
FilterMatrix randomSparseMatrix(int rows, int cols, double density, std::uint64_t seed);

// The studio's demo: a 64 x 128 layer that looks pruned, with column densities spread from
// nearly empty to dense and a few all-zero rows and columns, so packing has something to show.
FilterMatrix demoLayer(std::uint64_t seed = 2019);

} // namespace colcomb
