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

} // namespace colcomb
