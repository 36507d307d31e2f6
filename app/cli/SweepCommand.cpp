#include "Commands.h"
#include "Progress.h"

#include "sweep/Sweep.h"
#include "sweep/SweepResults.h"

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <mutex>

namespace colcomb::cli {

namespace {

struct SweepOptions {
    std::string spec;
    std::string out;
    std::string shard;
    std::string cache;
    bool noCache = false;
    bool json = false;
    unsigned threads = 0;
    std::vector<std::string> merge;
};

void runMerge(const SweepOptions& o)
{
    if (!o.spec.empty() || !o.shard.empty()) throw UsageError("--merge joins results files: it takes no --spec or --shard");
    std::vector<nlohmann::json> lines;
    try {
        lines = mergeSweepResults(o.merge);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--merge: ") + e.what());
    }
    writeSweepResults(o.out, lines);
    std::printf("merged %zu files: %zu points, none missing or repeated, written to %s\n", o.merge.size(), lines.size(), o.out.c_str());
}

void runSweep(const SweepOptions& o)
{
    if (o.spec.empty()) throw UsageError("--spec is required (or --merge to join results files)");
    const SweepSpec spec = readSweepSpec(o.spec);
    const Shard shard = o.shard.empty() ? Shard{} : parseShard(o.shard);
    const std::string cacheFolder = o.noCache ? std::string() : sweepCacheFolder(spec, o.cache);
    const auto sweep = std::make_unique<const Sweep>(spec, SweepCache(cacheFolder));
    std::vector<std::size_t> mine;
    for (std::size_t k = 0; k < sweep->points().size(); ++k)
        if (shard.contains(k)) mine.push_back(k);

    ProgressLine bar("points", "points", !o.json && isatty(STDERR_FILENO));
    std::atomic<std::size_t> done{0};
    std::atomic<std::size_t> fromCache{0};
    std::mutex printing;
    SweepRunCallbacks callbacks;
    callbacks.finished = [&](std::size_t, const nlohmann::json& line, bool cached) {
        if (cached) ++fromCache;
        if (o.json) {
            const std::lock_guard lock(printing);
            std::cout << line.dump() << "\n" << std::flush;
        }
        bar.show(++done, mine.size());
    };
    callbacks.detail = [&](std::size_t point, const std::string& detail) { bar.show(done, mine.size(), "point " + std::to_string(point) + ": " + detail); };
    const auto start = std::chrono::steady_clock::now();
    bar.show(0, mine.size());
    std::vector<nlohmann::json> lines;
    try {
        const InterruptRequest interrupt;
        lines = runSweepPoints(*sweep, mine, callbacks, interrupt.flag(), o.threads);
    } catch (const SweepCancelled&) {
        bar.finish();
        std::fprintf(stderr, "interrupted: %zu of %zu points done and cached%s; run the same command again to continue\n", done.load(), mine.size(),
                     cacheFolder.empty() ? " (no cache: --no-cache)" : (" in " + cacheFolder).c_str());
        throw std::runtime_error("interrupted");
    }
    bar.finish();
    writeSweepResults(o.out, lines);
    std::size_t failed = 0;
    for (const nlohmann::json& line : lines)
        if (line.contains("failed")) {
            ++failed;
            std::fprintf(stderr, "point %s failed: %s\n", line["point"].dump().c_str(), line["failed"].get<std::string>().c_str());
        }
    if (failed > 0)
        throw std::runtime_error(std::to_string(failed) + " of " + std::to_string(lines.size()) + " points failed (their lines in " + o.out
                                 + " say why under \"failed\"); the others are written and cached, and running the same command again retries these");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!o.json)
        std::printf("%zu points%s in %.3f s (%zu from the cache), written to %s\n", mine.size(),
                    o.shard.empty() ? "" : (" (shard " + o.shard + " of " + std::to_string(sweep->points().size()) + " points)").c_str(), seconds,
                    fromCache.load(), o.out.c_str());
}

} // namespace

Command addSweepCommand(CLI::App& app)
{
    auto opts = std::make_shared<SweepOptions>();
    CLI::App* sub = app.add_subcommand("sweep", "Run a grid of packing or training configurations (a sweep spec), or merge the results of its shards");
    sub->add_option("--spec", opts->spec, "The sweep spec (JSON: input, recipe or trainer, and grid; README: Sweeps)");
    sub->add_option("--out,-o", opts->out, "Results: one JSON line per point, its parameters beside its metrics")->required();
    sub->add_option("--shard", opts->shard, "Run only part I of N (0-based): point k when k mod N = I");
    sub->add_option("--cache", opts->cache, "Folder of cached points (default: the spec's \"cache\", else ~/.cache/colcomb/sweeps)");
    sub->add_flag("--no-cache", opts->noCache, "Compute every point, keep nothing")->excludes("--cache");
    sub->add_flag("--json", opts->json, "Print each point's line on stdout as it finishes (no progress bar)");
    sub->add_option("--threads", opts->threads, "Packing points computed at once (0: one per core)")->capture_default_str();
    sub->add_option("--merge", opts->merge, "Join results files of one sweep's shards into --out, checking that every point is there once")
        ->expected(1, -1);
    return {sub, [opts] { opts->merge.empty() ? runSweep(*opts) : runMerge(*opts); }};
}

} // namespace colcomb::cli
