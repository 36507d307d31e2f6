#include "nn/Shift.h"

#include "matrix/RandomMatrix.h"
#include "nn/ChannelParallel.h"

#include <algorithm>
#include <stdexcept>

namespace colcomb {

Shift::Shift(int channels, std::uint64_t seed) : dy(static_cast<std::size_t>(channels)), dx(static_cast<std::size_t>(channels))
{
    SplitMix64 rng(seed);
    const auto draw = [&] {
        const double u = rng.uniform();
        return u < 0.3 ? -1 : (u < 0.7 ? 0 : 1);
    };
    for (int c = 0; c < channels; ++c) {
        dy[static_cast<std::size_t>(c)] = draw();
        dx[static_cast<std::size_t>(c)] = draw();
    }
}

// out(c, y, x) = in(c, y + sign*dy, x + sign*dx), zero outside the image.
Tensor Shift::move(const Tensor& t, int sign) const
{
    if (static_cast<std::size_t>(t.channels()) != dy.size())
        throw std::invalid_argument("shift has " + std::to_string(dy.size()) + " channels, got " + std::to_string(t.channels()));
    Tensor out{Matrix(t.x.rows(), t.x.cols()), t.batch, t.height, t.width};
    forEachChannel(t.channels(), t.x.cols(), [&](Eigen::Index channel) {
        const int c = static_cast<int>(channel);
        out.x.row(channel).setZero();  // zero outside the image; each thread clears its own rows
        const int oy = sign * dy[static_cast<std::size_t>(c)];
        const int ox = sign * dx[static_cast<std::size_t>(c)];
        const float* src = t.x.row(c).data();
        float* dst = out.x.row(c).data();
        for (int b = 0; b < t.batch; ++b)
            for (int y = std::max(0, -oy); y < std::min(t.height, t.height - oy); ++y) {
                const std::size_t rowOut = (static_cast<std::size_t>(b) * t.height + y) * t.width;
                const std::size_t rowIn = (static_cast<std::size_t>(b) * t.height + y + oy) * t.width;
                for (int x = std::max(0, -ox); x < std::min(t.width, t.width - ox); ++x) dst[rowOut + x] = src[rowIn + x + ox];
            }
    });
    return out;
}

Tensor Shift::forward(const Tensor& in, bool) { return move(in, 1); }
Tensor Shift::backward(const Tensor& gradOut) { return move(gradOut, -1); }

nlohmann::json Shift::state() const { return {{"dy", dy}, {"dx", dx}}; }

void Shift::setState(const nlohmann::json& s)
{
    auto y = s.at("dy").get<std::vector<int>>();
    auto x = s.at("dx").get<std::vector<int>>();
    if (y.size() != dy.size() || x.size() != dx.size()) throw std::invalid_argument("shift state has the wrong channel count");
    for (int v : y) if (v < -1 || v > 1) throw std::invalid_argument("shift offsets must be -1, 0 or 1");
    for (int v : x) if (v < -1 || v > 1) throw std::invalid_argument("shift offsets must be -1, 0 or 1");
    dy = std::move(y);
    dx = std::move(x);
}

} // namespace colcomb
