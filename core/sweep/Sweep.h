#pragma once
// A sweep ready to run (SweepSpec.h): its points, the input read once, and the digests that key
// the cache (SweepCache.h). Running point k gives its result line: the point's number, the count,
// its parameters and its metrics, flat, so that a results file reads as a table:
//   {"point": 3, "points": 8, "alpha": 8, "gamma": 0.5, "utilization_after": 0.71, ...}
// A line names its sweep ("sweep": the spec's name or file stem); a packing point also its weights
// ("input", and "layer" if the spec picked one), a training point its trained model ("model").
// Hardware metrics come from the closed form of the simulator (systolic/ClosedForm.h) through
// packNetwork; with "simulate" the cycle-accurate simulator also runs every layer and the line says
// whether both agree. Points at alpha 1 that differ only in gamma or method are one point (groups of
// one column have nothing to conflict or choose): computed once, each line keeps its own labels.
// A training point trains the recipe with TrainingSession, keeps its run in <cache>/runs/<key>/ (a
// stopped run resumes there), and adds the trained model's accuracy. Its cache key is the resolved
// training, so two specs that ask for the same training differently share it, and points that
// differ only in the array share one trained model. A
// trainer point (SweepTrainer) runs the command with that folder holding the point, the result and
// the command's log; a failed one gives a line with "failed" (the reason and the log's end).
#include "training/TrainingSession.h"
#include "sweep/SweepCache.h"
#include "sweep/SweepSpec.h"

#include <atomic>
#include <functional>
#include <memory>

namespace colcomb {

// Versions in every cache identity, so a change recomputes. Training: the joint optimization's
// rules, which decide a trained point's weights (2: column-combine pruning no longer compounds
// over the pruning steps, JointOptimizer.h). Metrics: what is measured from the weights (2: the
// memory scenario and the energy by component). A new metrics version re-measures the trained
// models kept in the cache; only a new training version trains again.
inline constexpr int kSweepTrainingVersion = 2;
inline constexpr int kSweepMetricsVersion = 2;

struct SweepCancelled : std::runtime_error {
    SweepCancelled() : std::runtime_error("sweep cancelled") {}
};

// A point that could not be computed while the others can (a trainer command that failed or wrote
// no valid result): its line says so under "failed", and it is not cached, so a rerun tries again.
struct SweepPointFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Where a sweep's points are cached: the caller's choice (--cache), else the spec's "cache", else
// SweepCache::defaultFolder().
std::string sweepCacheFolder(const SweepSpec& spec, const std::string& chosen = {});

class Sweep {
public:
    // Reads the input (packing) or digests the recipe's files (training). Throws FileError for
    // files that cannot be read and for a layer that does not exist (naming the spec file when
    // the spec came from one; ParameterError otherwise).
    Sweep(SweepSpec spec, SweepCache cache);

    const SweepSpec& spec() const { return m_spec; }
    const SweepCache& cache() const { return m_cache; }
    const std::vector<nlohmann::json>& points() const { return m_points; }
    // Whether point k's result is in the cache already.
    bool cached(std::size_t k) const;
    // Point k's result line, from the cache when it is there (`fromCache` says so), else computed
    // and stored. Thread-safe for packing points. A training point reports through `callbacks`
    // and throws SweepCancelled when `cancel` is raised (its checkpoint resumes next time).
    nlohmann::json run(std::size_t k, bool* fromCache = nullptr, const TrainingCallbacks& callbacks = {},
                       const std::atomic<bool>* cancel = nullptr) const;

private:
    void prepare();
    // Point k's key in the cache: what was trained (trainingIdentity) and what is measured from it.
    nlohmann::json identity(std::size_t k) const;
    // What point k's trained model (or, for a packing sweep, its packing) depends on; its digest
    // names a training point's run folder.
    nlohmann::json trainingIdentity(std::size_t k) const;
    // The recipe's training for a point, resolved as TrainingSession receives it (no output folder).
    TrainingForm trainingForm(const nlohmann::json& point) const;
    nlohmann::json packingMetrics(const nlohmann::json& point) const;
    nlohmann::json trainingMetrics(const nlohmann::json& point, const std::string& key, const TrainingCallbacks& callbacks,
                                   const std::atomic<bool>* cancel) const;
    nlohmann::json trainerMetrics(const nlohmann::json& point, const std::string& key, const TrainingCallbacks& callbacks,
                                  const std::atomic<bool>* cancel) const;
    // The folder a training or trainer point keeps its files in.
    std::string runFolder(const std::string& key) const;
    // Each packed layer's alpha at a point: its own where the point's alpha object names it.
    std::vector<int> layerAlphas(const nlohmann::json& point, const NetworkFile& network, const std::vector<std::size_t>& rows) const;

    SweepSpec m_spec;
    SweepCache m_cache;
    std::vector<nlohmann::json> m_points;
    std::shared_ptr<const NetworkFile> m_network;  // packing sweeps
    std::vector<std::size_t> m_rows;               // the layers a packing sweep packs
    nlohmann::json m_digests;                      // of every file the metrics depend on
};

struct SweepRunCallbacks {
    // After each point, from any thread: its number, its line, and whether the cache had it.
    std::function<void(std::size_t point, const nlohmann::json& line, bool fromCache)> finished;
    // What a training point is doing (loading data, epoch and batch, evaluating).
    std::function<void(std::size_t point, const std::string& detail)> detail;
};

// Runs the points `which` and returns their lines in that order: packing points at once over
// `threads` cores (0: one per core), training points one after another (each trains on every
// core). Throws SweepCancelled once `cancel` is raised; the points finished so far are cached.
std::vector<nlohmann::json> runSweepPoints(const Sweep& sweep, const std::vector<std::size_t>& which, const SweepRunCallbacks& callbacks = {},
                                           const std::atomic<bool>* cancel = nullptr, unsigned threads = 0);

// A point's (or a result line's) packing parameters: alpha (a number, else a per-layer object's
// "*"; the per-layer entries name layers and are resolved where the layers are known), gamma,
// method and array; what the point does not set stays as in `base`. Packing points and the
// studio's "show this point" both read them here.
PackingParams sweepPointParams(const nlohmann::json& point, PackingParams base = {});

// A result line's parameters (the axes present) and metrics apart: metrics are every key that is
// not an axis, "point" or "points".
bool isSweepAxis(const std::string& key);

} // namespace colcomb
