#include "training/ModelEvaluation.h"

#include "training/JointOptimizer.h"
#include "training/QuantizedInference.h"
#include "training/Trainer.h"
#include "training/TrainingRun.h"
#include "systolic/NetworkTotals.h"

#include <stdexcept>

namespace colcomb {

namespace {

double ratio(long long num, long long den) { return den > 0 ? static_cast<double>(num) / static_cast<double>(den) : 0.0; }

template <typename T>
T field(const nlohmann::json& j, const char* key)
{
    if (!j.contains(key)) throw std::invalid_argument(std::string("model evaluation: '") + key + "' is missing");
    try {
        return j.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw std::invalid_argument(std::string("model evaluation: '") + key + "' has the wrong type");
    }
}

nlohmann::json breakdownJson(const EnergyBreakdown& e)
{
    nlohmann::json j = nlohmann::json::object();
    for (const EnergyComponent& c : kEnergyComponents) j[c.key] = e.*c.value;
    return j;
}

EnergyBreakdown breakdownFromJson(const nlohmann::json& j, const char* key)
{
    EnergyBreakdown e;
    if (!j.contains(key)) return e;  // a record from before energy was measured
    const nlohmann::json& b = j.at(key);
    if (!b.is_object()) throw std::invalid_argument(std::string("model evaluation: '") + key + "' must be an object");
    for (const EnergyComponent& c : kEnergyComponents)
        if (b.contains(c.key)) {
            if (!b.at(c.key).is_number()) throw std::invalid_argument(std::string("model evaluation: '") + key + "." + c.key + "' must be a number");
            e.*c.value = b.at(c.key).get<double>();
        }
    return e;
}

} // namespace

nlohmann::json ModelEvaluation::toJson() const
{
    nlohmann::json perLayer = nlohmann::json::array();
    for (const LayerEvaluation& l : layers)
        perLayer.push_back({{"layer", l.layer},
                            {"type", l.type},
                            {"rows", l.rows},
                            {"cols", l.cols},
                            {"alpha", l.alpha},
                            {"groups", l.groups},
                            {"nnz", l.nnz},
                            {"utilization", l.utilizationPacked},
                            {"utilization_unpacked", l.utilizationUnpacked},
                            {"tiles", l.tilesPacked},
                            {"tiles_unpacked", l.tilesUnpacked}});
    return {{"test_accuracy", testAccuracy},
            {"quantized_accuracy", quantizedAccuracy},
            {"bits", bits},
            {"nnz", nnz},
            {"weights", weights},
            {"utilization", utilization},
            {"utilization_unpacked", utilizationUnpacked},
            {"tiles", tiles},
            {"tiles_unpacked", tilesUnpacked},
            {"epochs", epochs},
            {"energy_basis", energyBasis},
            {"energy_pj", breakdownJson(energy)},
            {"energy_unpacked_pj", breakdownJson(energyUnpacked)},
            {"layers", perLayer}};
}

ModelEvaluation ModelEvaluation::fromJson(const nlohmann::json& j)
{
    if (!j.is_object()) throw std::invalid_argument("model evaluation: expected a JSON object");
    ModelEvaluation e;
    e.testAccuracy = field<double>(j, "test_accuracy");
    e.quantizedAccuracy = field<double>(j, "quantized_accuracy");
    e.bits = field<int>(j, "bits");
    e.nnz = field<long long>(j, "nnz");
    e.weights = field<long long>(j, "weights");
    e.utilization = field<double>(j, "utilization");
    e.utilizationUnpacked = field<double>(j, "utilization_unpacked");
    e.tiles = field<long long>(j, "tiles");
    e.tilesUnpacked = field<long long>(j, "tiles_unpacked");
    e.epochs = field<int>(j, "epochs");
    e.energyBasis = j.contains("energy_basis") ? field<std::string>(j, "energy_basis") : std::string();
    e.energy = breakdownFromJson(j, "energy_pj");
    e.energyUnpacked = breakdownFromJson(j, "energy_unpacked_pj");
    const auto layers = field<nlohmann::json>(j, "layers");
    if (!layers.is_array()) throw std::invalid_argument("model evaluation: 'layers' must be a list");
    for (const nlohmann::json& l : layers) {
        if (!l.is_object()) throw std::invalid_argument("model evaluation: each layer must be an object");
        e.layers.push_back({field<std::size_t>(l, "layer"), field<std::string>(l, "type"), field<int>(l, "rows"), field<int>(l, "cols"),
                            field<int>(l, "alpha"), field<int>(l, "groups"), field<long long>(l, "nnz"), field<double>(l, "utilization_unpacked"),
                            field<double>(l, "utilization"), field<long long>(l, "tiles_unpacked"), field<long long>(l, "tiles")});
    }
    return e;
}

ModelEvaluation evaluateModel(Model& model, const Dataset& test, int bits, const std::atomic<bool>* cancel)
{
    const TrainSettings settings = TrainSettings::fromJson(model.state.settings);
    const ModelPacking packing = measureModelPacking(model.net, model.state.groups, settings.joint, settings.array);
    ModelEvaluation e;
    e.testAccuracy = evaluateAccuracy(model.net, test, 100, cancel);
    e.quantizedAccuracy = quantizedAccuracy(model.net, test, bits, 100, cancel);
    e.bits = bits;
    e.nnz = packing.nnz;
    e.utilization = packing.utilization();
    e.tiles = packing.tiles;
    e.epochs = model.state.epoch;
    long long cellsUnpacked = 0;
    const std::vector<FilterLayer*> filterLayers = model.net.filterLayers();
    std::size_t k = 0;
    for (std::size_t i = 0; i < model.net.size(); ++i) {
        if (!model.net.layer(i).asFilterLayer()) continue;
        const PackingMetrics& m = packing.layers[k].metrics;
        e.weights += static_cast<long long>(m.rows) * m.cols;
        e.tilesUnpacked += m.tilesBefore;
        cellsUnpacked += static_cast<long long>(m.nonemptyRows) * m.nonzeroColumns;
        e.layers.push_back({i, model.net.layer(i).type(), m.rows, m.cols, filterLayers[k]->alpha, m.arrayColumns, m.nnzAfter, m.utilizationBefore,
                            m.utilizationAfter, m.tilesBefore, m.tilesAfter});
        ++k;
    }
    e.utilizationUnpacked = ratio(e.nnz, cellsUnpacked);

    // One sample's energy: each filter layer streams its output positions through the array the
    // model was trained for, unpacked (before) and with the model's groups (after).
    std::vector<long long> vectors;
    for (const LayerFilterMatrix& l : model.net.filterMatrices()) vectors.push_back(l.vectors);
    ArrayConfig hardware;
    hardware.shape = settings.array;
    const EnergyCosts costs;
    const NetworkTotals totals = networkReport(packing.layers, vectors, hardware, costs).totals;
    e.energy = totals.breakdownAfter;
    e.energyUnpacked = totals.breakdownBefore;
    e.energyBasis = memoryScenarioText(costs.memory);
    return e;
}

} // namespace colcomb
