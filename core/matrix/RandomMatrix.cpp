#include "matrix/RandomMatrix.h"

#include <cmath>
#include <numbers>

namespace colcomb {

std::uint64_t SplitMix64::next()
{
    std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

double SplitMix64::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

double SplitMix64::normal()
{
    const double u1 = 1.0 - uniform();  // (0, 1]: log is finite
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int SplitMix64::below(int n) { return n <= 0 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }

namespace {
float nonzeroWeight(SplitMix64& rng, double scale)
{
    float w = 0.0f;
    while (w == 0.0f) w = static_cast<float>(rng.normal() * scale);
    return w;
}
} // namespace

FilterMatrix randomSparseMatrix(int rows, int cols, double density, std::uint64_t seed)
{
    SplitMix64 rng(seed);
    FilterMatrix m(rows, cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            if (rng.uniform() < density) m(r, c) = nonzeroWeight(rng, 1.0);
    return m;
}

FilterMatrix demoLayer(std::uint64_t seed)
{
    constexpr int kRows = 64;
    constexpr int kCols = 128;
    SplitMix64 rng(seed);
    std::vector<double> columnDensity(kCols);
    for (double& d : columnDensity) d = 0.03 + 0.45 * std::pow(rng.uniform(), 4.0);
    // Pruning leaves some input channels unused altogether and a few filters dead.
    for (int k = 0; k < 6; ++k) columnDensity[static_cast<std::size_t>(rng.below(kCols))] = 0.0;
    std::vector<double> rowFactor(kRows);
    for (double& f : rowFactor) f = 0.5 + rng.uniform();
    for (int k = 0; k < 2; ++k) rowFactor[static_cast<std::size_t>(rng.below(kRows))] = 0.0;

    FilterMatrix m(kRows, kCols);
    for (int r = 0; r < kRows; ++r)
        for (int c = 0; c < kCols; ++c)
            if (rng.uniform() < columnDensity[static_cast<std::size_t>(c)] * rowFactor[static_cast<std::size_t>(r)])
                m(r, c) = nonzeroWeight(rng, 0.1);
    return m;
}

} // namespace colcomb
