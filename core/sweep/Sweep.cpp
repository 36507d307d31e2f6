#include "sweep/Sweep.h"

#include "base/AtomicFile.h"
#include "base/ChildProcess.h"
#include "base/Digest.h"
#include "base/JsonText.h"
#include "base/FileError.h"
#include "base/ParallelFor.h"
#include "base/ParameterError.h"
#include "data/Dataset.h"
#include "io/EnergyCostsFile.h"
#include "io/NetworkFile.h"
#include "io/NetworkFilePacking.h"
#include "io/TrainedGroupsFile.h"
#include "training/Bundled.h"
#include "systolic/NetworkPacking.h"
#include "systolic/QuantizedLayer.h"
#include "systolic/Simulator.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace colcomb {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// The array the point's hardware figures are for: its size, data bits and MAC mode.
ArrayConfig hardwareOf(const json& point)
{
    ArrayConfig config;
    config.shape = sweepPointParams(point).array;
    if (point.contains("data_bits")) config.dataBits = point["data_bits"].get<int>();
    if (point.contains("mac")) config.mac = point["mac"] == "bit-serial" ? MacMode::BitSerial : MacMode::BitParallel;
    return config;
}

// Both sides of every figure: totals, latency and throughput at the array's clock, and each
// layer's tiles and utilization (the tiles-per-layer figure).
json hardwareMetrics(const std::vector<std::string>& names, const NetworkPacking& packing, const ArrayConfig& config)
{
    const NetworkTotals& t = packing.report.totals;
    const double us = 1.0 / config.clockMhz;  // one cycle
    json m{{"layers", t.layers},
           {"nnz_before", t.nnzBefore},
           {"nnz_after", t.nnzAfter},
           {"pruned", t.pruned},
           {"weight_kept", t.weightKeptFraction},
           {"columns", t.nonzeroColumns},
           {"groups", t.groups},
           {"utilization_before", t.utilizationBefore},
           {"utilization_after", t.utilizationAfter},
           {"tiles_before", t.tilesBefore},
           {"tiles_after", t.tilesAfter},
           {"cycles_before", t.cyclesBefore},
           {"cycles_after", t.cyclesAfter},
           {"energy_before_uj", t.energyBeforePj * 1e-6},
           {"energy_after_uj", t.energyAfterPj * 1e-6},
           {"energy_basis", memoryScenarioText(EnergyCosts{}.memory)},
           {"energy_before_breakdown_uj", energyBreakdownToJson(t.breakdownBefore, 1e-6)},
           {"energy_after_breakdown_uj", energyBreakdownToJson(t.breakdownAfter, 1e-6)},
           {"latency_before_us", static_cast<double>(t.cyclesBefore) * us},
           {"latency_after_us", static_cast<double>(t.cyclesAfter) * us},
           {"throughput_before", t.cyclesBefore > 0 ? 1e6 / (static_cast<double>(t.cyclesBefore) * us) : 0.0},
           {"throughput_after", t.cyclesAfter > 0 ? 1e6 / (static_cast<double>(t.cyclesAfter) * us) : 0.0}};
    // Search and exact are judged by the groups' lower bound (exact's proof where it has one):
    // the sum over the layers, and whether every layer meets its own.
    long long bound = 0;
    bool optimal = true;
    for (const PackingResult& r : packing.results) {
        bound += r.metrics.groupsLowerBound.value();
        optimal = optimal && r.metrics.groupsLowerBound.value() > 0 && r.metrics.groups <= r.metrics.groupsLowerBound.value();
    }
    m["groups_bound"] = bound;
    m["groups_optimal"] = optimal;
    json layers = json::array();
    for (std::size_t i = 0; i < packing.results.size(); ++i) {
        const PackingMetrics& p = packing.results[i].metrics;
        layers.push_back({{"name", names[i]},
                          {"tiles_before", p.tilesBefore},
                          {"tiles_after", p.tilesAfter},
                          {"utilization_before", p.utilizationBefore},
                          {"utilization_after", p.utilizationAfter}});
    }
    m["layer_tiles"] = std::move(layers);
    return m;
}

// The cycle-accurate simulator on every packed layer: its cycles, and whether they and its outputs
// agree with the closed form and the integer reference.
void addSimulatorCheck(json& metrics, const NetworkPacking& packing, const std::vector<long long>& vectors, const ArrayConfig& hardware)
{
    long long cycles = 0;
    bool verified = true;
    for (std::size_t i = 0; i < packing.results.size(); ++i) {
        const PackingResult& r = packing.results[i];
        ArrayConfig config = hardware;
        config.shape = r.params.array;
        config.muxWidth = groupWidth(r.params);
        const QuantizedLayer layer = quantizeForArray(r.packed, config.weightBits);
        const InputBatch inputs = randomInputs(static_cast<int>(vectors[i]), r.original.cols(), config.dataBits, config.signedData, 1);
        const SimulationResult sim = simulateLayer(layer, inputs, config);
        cycles += sim.cycles;
        verified = verified && sim.verified && sim.cycles == packing.report.layers[i].cyclesAfter;
    }
    metrics["simulated_cycles_after"] = cycles;
    metrics["simulator_agrees"] = verified;
}

} // namespace

PackingParams sweepPointParams(const json& point, PackingParams base)
{
    if (const auto a = point.find("alpha"); a != point.end()) {
        if (a->is_number_integer()) base.alpha = a->get<int>();
        else if (a->is_object() && a->contains("*")) base.alpha = (*a)["*"].get<int>();
    }
    if (const auto g = point.find("gamma"); g != point.end() && g->is_number()) base.gamma = g->get<double>();
    if (const auto m = point.find("method"); m != point.end() && m->is_string())
        if (const auto method = parseMethodChoice(m->get<std::string>())) setMethodChoice(base, *method);
    if (const auto r = point.find("array"); r != point.end() && r->is_string())
        if (const auto shape = parseArrayShape(r->get<std::string>())) base.array = *shape;
    return base;
}

bool isSweepAxis(const std::string& key) { return std::find(sweepAxes().begin(), sweepAxes().end(), key) != sweepAxes().end(); }

std::string sweepCacheFolder(const SweepSpec& spec, const std::string& chosen)
{
    return !chosen.empty() ? chosen : !spec.cache.empty() ? spec.cache : SweepCache::defaultFolder();
}

Sweep::Sweep(SweepSpec spec, SweepCache cache) : m_spec(std::move(spec)), m_cache(std::move(cache)), m_points(sweepPoints(m_spec))
{
    try {
        prepare();
    } catch (const FileError& e) {
        if (m_spec.path.empty()) throw;
        throw FileError(m_spec.path, e.what());  // the spec that names the file, then the file
    } catch (const ParameterError& e) {
        if (m_spec.path.empty()) throw;
        throw FileError(m_spec.path, e.what());
    }
}

void Sweep::prepare()
{
    if (!m_spec.trains()) {
        auto network = std::make_shared<NetworkFile>(readNetworkFile(m_spec.input, m_spec.import));
        if (!m_spec.layer.empty()) {
            try {
                m_rows = {findLayer(*network, m_spec.layer)};
            } catch (const std::invalid_argument& e) {
                throw ParameterError("layer", std::string("layer: ") + e.what());
            }
            if (!network->layers[m_rows.front()].notPacked.empty())
                throw ParameterError("layer", "layer: '" + network->layers[m_rows.front()].name + "' is not packed: " + network->layers[m_rows.front()].notPacked);
        } else {
            m_rows = network->packable();
        }
        if (m_rows.empty()) throw ParameterError("input", "input: " + m_spec.input + " has no layer that can be packed");
        m_network = std::move(network);
        m_digests["input"] = pathDigest(m_spec.input);
        return;
    }
    if (m_spec.trainer) {
        // The command, and every file it names: editing the training script trains again.
        m_digests["trainer"] = m_spec.trainer->command;
        for (const std::string& arg : m_spec.trainer->command) {
            const fs::path file = fs::path(m_spec.trainer->workingDir) / arg;
            std::error_code ec;
            if (arg.find('{') == std::string::npos && fs::is_regular_file(file, ec)) m_digests["files"][arg] = pathDigest(file.string());
        }
        return;
    }
    const SweepRecipe& r = *m_spec.recipe;
    m_digests["network"] = isBundledName(r.network) ? hexDigest(fnv1a64(loadNetworkSpec(r.network).dump())) : pathDigest(r.network);
    if (!r.pretrained.empty()) m_digests["pretrained"] = pathDigest(modelPath(r.pretrained));
    if (r.dataset == "fashion-mnist" || !r.dataDir.empty())
        m_digests["data"] = pathDigest(r.dataDir.empty() ? std::string(kFashionMnistFolder) : r.dataDir);
}

TrainingForm Sweep::trainingForm(const json& point) const
{
    const SweepRecipe& r = *m_spec.recipe;
    TrainingForm form;
    form.network = r.network;
    form.dataset = r.dataset;
    form.dataDir = r.dataDir;
    form.epochs = point.contains("epochs") ? point["epochs"].get<int>() : r.epochs;
    form.dataFraction = point.contains("data_fraction") ? point["data_fraction"].get<double>() : r.dataFraction;
    form.batch = r.batch;
    form.learningRate = r.learningRate;
    if (point.contains("gamma")) form.gamma = point["gamma"].get<double>();
    if (point.contains("method")) form.method = point["method"].get<std::string>();
    if (point.contains("seed")) form.seed = point["seed"].get<std::uint64_t>();
    if (point.value("start", std::string("scratch")) == "pretrained") form.from = r.pretrained;
    if (point.contains("alpha")) form.alpha = point["alpha"].is_number() ? std::to_string(point["alpha"].get<int>()) : point["alpha"].get<std::string>();
    return form;
}

json Sweep::trainingIdentity(std::size_t k) const
{
    json point = m_points.at(k);
    // At alpha 1 every group is one column: nothing conflicts, gamma prunes nothing and the method
    // has nothing to choose. Such points are one point, computed (and trained) once.
    if (point.contains("alpha") && point["alpha"].is_number() && point["alpha"].get<double>() == 1.0) {
        if (point.contains("gamma") && point["gamma"].get<double>() != 0.0) point["gamma"] = 0.0;
        point.erase("method");
    }
    json id{{"version", kSweepTrainingVersion}};
    if (m_spec.trainer) {
        // The command sees the whole point, the array included: all of it may shape the model.
        id["trainer"] = m_spec.trainer->command;
        id["digests"] = m_digests;
        id["point"] = point;
        return id;
    }
    if (!m_spec.recipe) {
        id["point"] = point;
        id["digests"] = m_digests;
        id["layers"] = json::array();
        for (std::size_t row : m_rows) id["layers"].push_back(m_network->layers[row].name);
        id["import"] = {{"density", m_spec.import.syntheticDensity}, {"seed", m_spec.import.seed}};
        return id;
    }
    // The training as TrainingSession receives it, not as the spec spells it: a default written
    // out or left implicit, or a recipe that names a pretrained model for a point that starts
    // from scratch, is the same training and one cache entry.
    const TrainingForm form = trainingForm(point);
    id["training"] = {{"network", form.network}, {"dataset", form.dataset},        {"alpha", form.alpha}, {"gamma", form.gamma},
                      {"method", form.method},   {"epochs", form.epochs},          {"data_fraction", form.dataFraction},
                      {"seed", form.seed},       {"from", form.from},              {"batch", form.batch},
                      {"learning_rate", form.learningRate}};
    id["digests"] = {{"network", m_digests["network"]}};
    if (m_digests.contains("data")) id["digests"]["data"] = m_digests["data"];
    if (!form.from.empty()) id["digests"]["pretrained"] = m_digests["pretrained"];
    return id;
}

json Sweep::identity(std::size_t k) const
{
    const json& point = m_points.at(k);
    json id{{"metrics", kSweepMetricsVersion}, {"trained", trainingIdentity(k)}, {"simulate", m_spec.simulate}};
    if (m_spec.recipe) {
        // What is measured from the trained model: the array it is costed on, defaults resolved.
        const ArrayConfig hardware = hardwareOf(point);
        id["hardware"] = {{"array", arrayShapeText(hardware.shape)}, {"mac", macModeName(hardware.mac)},
                          {"data_bits", hardware.dataBits}};
    } else {
        id["vectors"] = m_spec.vectors;
    }
    return id;
}

bool Sweep::cached(std::size_t k) const { return m_cache.find(identity(k)).has_value(); }

json Sweep::run(std::size_t k, bool* fromCache, const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel) const
{
    const json id = identity(k);
    std::optional<json> metrics = m_cache.find(id);
    if (fromCache) *fromCache = metrics.has_value();
    json line{{"point", k}, {"points", m_points.size()}};
    line.update(m_points[k]);
    if (!metrics) {
        // Points that differ only in the array they are costed on share one trained model.
        const std::string key = SweepCache::keyOf(id["trained"]);
        try {
            metrics = m_spec.trainer ? trainerMetrics(m_points[k], key, callbacks, cancel)
                      : m_spec.recipe ? trainingMetrics(m_points[k], key, callbacks, cancel)
                                      : packingMetrics(m_points[k]);
        } catch (const SweepPointFailed& e) {
            line["failed"] = e.what();
            if (!m_spec.name.empty()) line["sweep"] = m_spec.name;
            return line;
        }
        m_cache.store(id, *metrics);
    }
    line.update(*metrics);
    // Which sweep, and where the weights are (not cached: the same point may be met by another
    // sweep), so that results of several sweeps stay apart and a point can be opened again.
    if (!m_spec.name.empty()) line["sweep"] = m_spec.name;
    if (!m_spec.trains()) {
        line["input"] = fs::absolute(m_spec.input).lexically_normal().string();
        if (!m_spec.layer.empty()) line["layer"] = m_spec.layer;
    }
    return line;
}

std::vector<int> Sweep::layerAlphas(const json& point, const NetworkFile& network, const std::vector<std::size_t>& rows) const
{
    // Per-layer alphas name layers as pack --layer does (findLayer): exactly, by the end of the
    // name, or by the weight's short name ("conv1" for "conv1.weight").
    std::vector<int> out(rows.size(), sweepPointParams(point).alpha);
    if (!point.contains("alpha") || !point["alpha"].is_object()) return out;
    for (const auto& [name, a] : point["alpha"].items()) {
        if (name == "*") continue;
        const std::string where = (m_spec.path.empty() ? std::string() : m_spec.path + ": ") + "grid.alpha: ";
        std::size_t row = 0;
        try {
            row = findLayer(network, name);
        } catch (const std::invalid_argument& e) {
            throw ParameterError("spec", where + e.what());
        }
        const auto at = std::find(rows.begin(), rows.end(), row);
        if (at == rows.end()) throw ParameterError("spec", where + "'" + name + "' is not one of the sweep's packed layers");
        out[static_cast<std::size_t>(at - rows.begin())] = a.get<int>();
    }
    return out;
}

std::string Sweep::runFolder(const std::string& key) const
{
    const std::string runs = m_cache.enabled() ? m_cache.folder() : (fs::temp_directory_path() / "colcomb-sweep-runs").string();
    return (fs::path(runs) / "runs" / key).string();
}

json Sweep::packingMetrics(const json& point) const
{
    const ArrayConfig hardware = hardwareOf(point);
    std::vector<FilterMatrix> matrices;
    std::vector<PackingParams> params;
    std::vector<long long> vectors;
    std::vector<std::string> names;
    const std::vector<int> alphas = layerAlphas(point, *m_network, m_rows);
    for (std::size_t i = 0; i < m_rows.size(); ++i) {
        const LayerFilterMatrix& l = m_network->layers[m_rows[i]];
        matrices.push_back(l.weights);
        params.push_back(paramsForLayer(l, sweepPointParams(point)));
        params.back().alpha = alphas[i];
        vectors.push_back(l.vectors > 0 ? l.vectors : std::max<long long>(m_spec.vectors, 1));
        names.push_back(l.name);
    }
    const NetworkPacking packing = packNetwork(matrices, params, vectors, hardware, 1);
    json metrics = hardwareMetrics(names, packing, hardware);
    if (m_spec.simulate) addSimulatorCheck(metrics, packing, vectors, hardware);
    return metrics;
}

json Sweep::trainingMetrics(const json& point, const std::string& key, const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel) const
{
    TrainingForm form = trainingForm(point);
    form.outDir = runFolder(key);
    std::error_code ec;
    // Only a cache resumes: without one, a run left in the temporary folder by an earlier sweep
    // must not stand in for computing the point.
    if (!m_cache.enabled()) fs::remove_all(form.outDir, ec);
    const std::string checkpoint = (fs::path(form.outDir) / kModelFileName).string();
    TrainingSession session(form, fs::is_regular_file(checkpoint, ec) ? checkpoint : std::string());
    const TrainingOutcome outcome = session.run(callbacks, cancel);
    if (outcome.stopped || !outcome.record.evaluation) throw SweepCancelled();

    // The trained model's layers, packed with the groups it was trained with, on the point's array.
    const NetworkFile trained = readNetworkFile(session.modelPath());
    const ArrayConfig hardware = hardwareOf(point);
    std::vector<PackingResult> results;
    std::vector<long long> vectors;
    std::vector<std::string> names;
    for (std::size_t row : trained.packable()) {
        const LayerFilterMatrix& l = trained.layers[row];
        PackingParams p = l.trainedParams;
        p.array = hardware.shape;
        if (l.trainedGroups.empty()) {
            p.alpha = 1;  // not combined: each nonzero column its own array column
            p.gamma = 0.0;
            p.method = CombineMethod::None;
            results.push_back(packLayer(l.weights, p));
        } else {
            results.push_back(packWithGroups(l.weights, l.trainedGroups, p));
        }
        vectors.push_back(l.vectors);
        names.push_back(l.name);
    }
    NetworkPacking packing;
    packing.report = networkReport(results, vectors, hardware);
    packing.results = std::move(results);
    json metrics = hardwareMetrics(names, packing, hardware);
    const ModelEvaluation& e = *outcome.record.evaluation;
    metrics["accuracy"] = e.testAccuracy;
    metrics["accuracy_8bit"] = e.quantizedAccuracy;
    metrics["model"] = fs::absolute(session.modelPath()).lexically_normal().string();
    return metrics;
}

json Sweep::trainerMetrics(const json& point, const std::string& key, const TrainingCallbacks& callbacks, const std::atomic<bool>* cancel) const
{
    const SweepTrainer& trainer = *m_spec.trainer;
    const fs::path folder = runFolder(key);
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) throw FileError(folder.string(), "cannot create the point's folder: " + ec.message());
    json given = point;
    if (!given.contains("seed")) given["seed"] = 1;
    const std::string pointPath = (folder / "point.json").string();
    const std::string resultPath = (folder / "result.json").string();
    const std::string logPath = (folder / "trainer.log").string();
    writeFileAtomically(pointPath, given.dump(1) + "\n");
    fs::remove(resultPath, ec);  // an earlier attempt's result must not pass for this one's
    fs::remove(logPath, ec);
    std::vector<std::string> argv;
    for (std::string arg : trainer.command) {
        for (const auto& [from, to] : {std::pair<std::string, std::string>{"{point}", pointPath}, {"{result}", resultPath}})
            for (std::size_t at = arg.find(from); at != std::string::npos; at = arg.find(from, at + to.size())) arg.replace(at, from.size(), to);
        argv.push_back(std::move(arg));
    }
    if (callbacks.phase) callbacks.phase("running " + trainer.command.front() + " (log: " + logPath + ")");
    ChildOutcome outcome;
    try {
        outcome = runChildProcess(argv, logPath, trainer.workingDir, cancel);
    } catch (const std::runtime_error& e) {
        throw SweepPointFailed(e.what());
    }
    if (outcome.cancelled) throw SweepCancelled();
    const auto failed = [&](const std::string& why) {
        std::string message = why;
        const std::string tail = fileTail(logPath, 12);
        message += tail.empty() ? " (its log " + logPath + " is empty)" : "; the end of " + logPath + ":\n" + tail;
        return SweepPointFailed(message);
    };
    if (!outcome.ok()) throw failed("the trainer ended with " + outcome.describe());
    if (!fs::is_regular_file(resultPath, ec)) throw failed("the trainer wrote no result to " + resultPath);

    json result;
    NetworkFile trained;
    try {
        result = parseJsonText(readWholeFile(resultPath), resultPath);
        if (!result.is_object()) throw FileError(resultPath, "the result must be a JSON object with \"accuracy\" and \"model\"");
        if (!result.contains("accuracy") || !result["accuracy"].is_number() || !(result["accuracy"].get<double>() >= 0.0)
            || !(result["accuracy"].get<double>() <= 100.0))
            throw FileError(resultPath, "\"accuracy\" must be the test accuracy in percent, 0 to 100");
        if (!result.contains("model") || !result["model"].is_string() || result["model"].get<std::string>().empty())
            throw FileError(resultPath, "\"model\" must name the trained model's file (.onnx or .npz)");
        fs::path model = result["model"].get<std::string>();
        if (model.is_relative()) model = folder / model;
        model = fs::absolute(model).lexically_normal();
        // The groups go beside the model (TrainedGroupsFile.h), where reading it finds them: the
        // costing here, and the studio opening the point.
        if (result.contains("groups")) {
            if (!result["groups"].is_object()) throw FileError(resultPath, "\"groups\" must be an object {layer: [[columns], ...]}");
            const PackingParams p = sweepPointParams(point);
            nlohmann::json file{{"format", kTrainedGroupsFormat}, {"version", 1}, {"gamma", p.gamma}, {"method", methodChoiceName(methodChoice(p))}, {"layers", json::object()}};
            for (const auto& [layer, groups] : result["groups"].items()) file["layers"][layer] = {{"groups", groups}};
            parseTrainedGroups(file.dump(), resultPath);  // refused here, naming the result, rather than in the model's folder
            writeFileAtomically(trainedGroupsPath(model.string()), file.dump(1) + "\n");
        }
        trained = readNetworkFile(model.string());
        result["model"] = model.string();
    } catch (const FileError& e) {
        throw failed(e.what());
    }
    const std::vector<std::size_t> rows = trained.packable();
    const ArrayConfig hardware = hardwareOf(point);
    const std::vector<int> alphas = layerAlphas(point, trained, rows);
    std::vector<PackingResult> results(rows.size());
    std::vector<long long> vectors;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const LayerFilterMatrix& l = trained.layers[rows[i]];
        vectors.push_back(l.vectors > 0 ? l.vectors : std::max<long long>(m_spec.vectors, 1));
        names.push_back(l.name);
    }
    parallelFor(rows.size(), [&](std::size_t i) {
        const LayerFilterMatrix& l = trained.layers[rows[i]];
        PackingParams p = paramsForLayer(l, sweepPointParams(point));
        p.alpha = alphas[i];
        p.array = hardware.shape;
        results[i] = l.trainedGroups.empty() ? packLayer(l.weights, p) : packWithGroups(l.weights, l.trainedGroups, p);
    });
    NetworkPacking packing;
    packing.report = networkReport(results, vectors, hardware);
    packing.results = std::move(results);
    json metrics = hardwareMetrics(names, packing, hardware);
    metrics["accuracy"] = result["accuracy"].get<double>() / 100.0;  // lines hold fractions, as evaluations do
    metrics["model"] = result["model"];
    metrics["trained_groups"] = std::any_of(rows.begin(), rows.end(), [&](std::size_t r) { return !trained.layers[r].trainedGroups.empty(); });
    return metrics;
}

std::vector<json> runSweepPoints(const Sweep& sweep, const std::vector<std::size_t>& which, const SweepRunCallbacks& callbacks,
                                 const std::atomic<bool>* cancel, unsigned threads)
{
    std::vector<json> lines(which.size());
    const auto finish = [&](std::size_t i, json line, bool cached) {
        if (callbacks.finished) callbacks.finished(which[i], line, cached);
        lines[i] = std::move(line);
    };
    if (!sweep.spec().trains()) {
        parallelFor(
            which.size(),
            [&](std::size_t i) {
                if (cancel && *cancel) throw SweepCancelled();
                bool cached = false;
                json line = sweep.run(which[i], &cached);
                finish(i, std::move(line), cached);
            },
            threads);
        return lines;
    }
    for (std::size_t i = 0; i < which.size(); ++i) {
        if (cancel && *cancel) throw SweepCancelled();
        const std::size_t k = which[i];
        TrainingCallbacks training;
        if (callbacks.detail) {
            training.phase = [&](const std::string& phase) { callbacks.detail(k, phase); };
            training.batch = [&](int epoch, int epochs, const EpochProgress& p) {
                callbacks.detail(k, "epoch " + std::to_string(epoch) + "/" + std::to_string(epochs) + ", batch " + std::to_string(p.batchesDone) + "/"
                                        + std::to_string(p.batches));
            };
        }
        bool cached = false;
        json line = sweep.run(k, &cached, training, cancel);
        finish(i, std::move(line), cached);
    }
    return lines;
}

} // namespace colcomb
