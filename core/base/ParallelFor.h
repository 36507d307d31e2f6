#pragma once
// Independent jobs 0..count-1 spread over the machine's cores (threads = 0: one per core, never
// more than jobs), in order of their index as workers free up: callers put the longest first. The
// first exception a job throws stops the others after their current job and is rethrown here,
// after every worker has joined.
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace colcomb {

template <typename Job>
void parallelFor(std::size_t count, Job&& job, unsigned threads = 0)
{
    std::atomic<std::size_t> next{0};
    std::mutex failed;
    std::exception_ptr failure;
    const auto work = [&] {
        try {
            for (std::size_t i = next++; i < count; i = next++) job(i);
        } catch (...) {
            const std::lock_guard lock(failed);
            if (!failure) failure = std::current_exception();
            next = count;
        }
    };
    const unsigned workers = std::max(1u, std::min<unsigned>(threads ? threads : std::thread::hardware_concurrency(),
                                                             static_cast<unsigned>(std::min<std::size_t>(count, 1u << 16))));
    {
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < workers; ++t) pool.emplace_back(work);
        work();
    }
    if (failure) std::rethrow_exception(failure);
}

} // namespace colcomb
