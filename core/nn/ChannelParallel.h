#pragma once
// The element-wise layers (batch norm, ReLU, shift) split their channels among the threads that
// Eigen's GEMMs use (Eigen::nbThreads(), OpenMP). Each channel is one row of the activations,
// contiguous, and one thread computes all of it in the same order as a single thread would, so
// the values do not depend on the thread count. Small tensors, where starting threads costs more
// than it saves, and calls from inside a parallel region (evaluation runs a network per core)
// stay on the calling thread.
#include <Eigen/Core>

namespace colcomb {

inline constexpr Eigen::Index kChannelParallelMinElements = 1 << 15;

template <typename PerChannel>
void forEachChannel(Eigen::Index channels, Eigen::Index perChannel, PerChannel&& f)
{
    const int threads = channels * perChannel >= kChannelParallelMinElements ? Eigen::nbThreads() : 1;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (Eigen::Index c = 0; c < channels; ++c) f(c);
}

// lhs * rhs as Eigen computes a large product (clear the destination, then accumulate into it:
// the same bits), with the clearing split among the threads: Eigen clears on the calling thread
// alone, a serial memset of every activation (7% of a two-thread training step).
template <typename Lhs, typename Rhs>
auto channelProduct(const Lhs& lhs, const Rhs& rhs)
{
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> out(lhs.rows(), rhs.cols());
    forEachChannel(out.rows(), out.cols(), [&](Eigen::Index c) { out.row(c).setZero(); });
    out.noalias() += lhs * rhs;
    return out;
}

// Adds bias(c) to every position of channel c, a contiguous row at a time (Eigen's
// `colwise() += bias` on row-major activations steps across rows one scalar at a time).
template <typename Activations, typename Bias>
void addBias(Activations& x, const Bias& bias)
{
    forEachChannel(x.rows(), x.cols(), [&](Eigen::Index c) { x.row(c).array() += bias(c, 0); });
}

} // namespace colcomb
