// colcomb._core: core's packing, network packing, joint pruning step and cost model for Python.
// Bindings only: argument conversion, the GIL, and core's errors as ValueError / OSError with the
// CLI's messages. colcomb/__init__.py documents the package; colcomb/torch.py builds on it.
#include "base/FileError.h"
#include "io/EnergyCostsFile.h"
#include "io/NetworkFile.h"
#include "io/NetworkFilePacking.h"
#include "io/PackedLayerFile.h"
#include "io/PackingExport.h"
#include "io/TrainedGroupsFile.h"
#include "base/AtomicFile.h"
#include "base/Allocation.h"
#include "training/JointOptimizer.h"
#include "systolic/NetworkPacking.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <map>
#include <optional>

namespace py = pybind11;
using namespace colcomb;

namespace {

using FloatArray = py::array_t<float, py::array::c_style | py::array::forcecast>;

// A weight as float32 in C order: the caller's own buffer when it already is one (no copy).
FloatArray floatArray(const py::handle& weight, const std::string& name)
{
    FloatArray array = FloatArray::ensure(weight);
    if (!array) {
        PyErr_Clear();
        throw py::value_error("'" + name + "' is not an array of numbers (a torch tensor on a GPU needs .cpu() first)");
    }
    return array;
}

WeightTensor tensorOf(const FloatArray& array, const std::string& name)
{
    std::vector<std::size_t> shape(array.shape(), array.shape() + array.ndim());
    return {name, std::move(shape), {array.data(), static_cast<std::size_t>(array.size())}};
}

ArrayShape arrayShapeOf(const py::handle& array)
{
    if (py::isinstance<py::str>(array)) {
        const std::string text = array.cast<std::string>();
        if (const auto shape = parseArrayShape(text)) return *shape;
        throw py::value_error("array: '" + text + "' is not ROWSxCOLS with both sides whole numbers >= 1");
    }
    const auto sides = array.cast<std::vector<int>>();
    if (sides.size() != 2 || sides[0] < 1 || sides[1] < 1) throw py::value_error("array: give (rows, cols), both whole numbers >= 1");
    return {sides[0], sides[1]};
}

PackingParams packingParams(int alpha, double gamma, const std::string& method, int section, const py::handle& array)
{
    PackingParams p;
    p.alpha = alpha;
    p.gamma = gamma;
    const auto m = parseMethodChoice(method);
    if (!m) throw py::value_error("method: '" + method + "' is not one of " + methodChoicesText());
    setMethodChoice(p, *m);
    p.pairwiseSectionColumns = section;
    p.array = arrayShapeOf(array);
    if (const std::string problem = validatePackingParams(p); !problem.empty()) throw py::value_error(problem);
    return p;
}

py::object pythonValue(const nlohmann::json& j) { return py::module_::import("json").attr("loads")(j.dump()); }

// One packed layer, with the shape of the tensor it came from (the mask has it).
struct Packing {
    PackingResult result;
    std::vector<std::size_t> shape;
    std::string name;
};

py::array weightShaped(const Packing& p, const DenseMatrix& m)
{
    py::array_t<float> out(p.shape);
    std::copy(m.data(), m.data() + m.size(), out.mutable_data());
    return out;
}

nlohmann::json metricsJson(const PackingResult& r)
{
    nlohmann::json j = packingToJson(r);
    for (const char* bulky : {"format", "version", "packed_weights", "select"}) j.erase(bulky);
    return j;
}

std::string packingRepr(const Packing& p)
{
    const PackingMetrics& m = p.result.metrics;
    char text[256];
    std::snprintf(text, sizeof text, "<colcomb.Packing %s%d x %d, %s alpha %d gamma %g: %d columns -> %d groups, utilization %.1f%% -> %.1f%%, tiles %lld -> %lld>",
                  p.name.empty() ? "" : (p.name + " ").c_str(), m.rows, m.cols, methodName(p.result.params.method).c_str(), p.result.params.alpha,
                  p.result.params.gamma, m.nonzeroColumns, m.arrayColumns, m.utilizationBefore * 100, m.utilizationAfter * 100, m.tilesBefore, m.tilesAfter);
    return text;
}

struct PackedNetworkResult {
    std::vector<Packing> layers;
    NetworkFile file;
    NetworkReport report;
    double seconds = 0.0;
};

MacMode macMode(const std::string& mac)
{
    if (mac == "bit-parallel") return MacMode::BitParallel;
    if (mac == "bit-serial") return MacMode::BitSerial;
    throw py::value_error("mac: '" + mac + "' is not bit-parallel or bit-serial");
}

const char* const kPackDoc = R"(pack(weight, alpha=8, gamma=0.5, method="pairwise", section=256, array=(32, 32)) -> Packing

Column-combine one layer: group its columns (at most `alpha` per group, at most floor(gamma x rows)
conflicts per group), prune each row's conflicts in a group down to its largest weight, and pack.

weight   any array-like of numbers (NumPy, a CPU torch tensor): a 2-D filter matrix (filters x
         columns) or a 1-4-D weight, flattened as `colcomb pack` does (a conv weight
         [out, in, kh, kw] becomes out x in*kh*kw). Read in place when it is float32 in C order.
alpha    most columns per group: the width of each cell's multiplexer.
gamma    conflict budget as a share of the rows.
method   "pairwise" (the authors' released rule), "greedy" (the paper's), or "none".
section  pairwise: columns packed at a time, as the released code does (0: all at once).
array    the systolic array, (rows, cols) or "32x32": it decides the tiles.

Raises ValueError naming the bad argument. The GIL is released while it packs.)";

const char* const kPackNetworkDoc = R"(pack_network(weights, alpha=8, gamma=0.5, method="pairwise", section=256, array=(32, 32), threads=0, vectors=None) -> NetworkPacking

Pack every layer of a network at once, layers spread over the cores (threads=0: all of them).

weights  a mapping {name: array-like}, such as a model's state_dict() (CPU tensors): every
         nonempty 2-D and 4-D tensor is a layer, the rest (biases, batch-norm vectors) is listed
         in .skipped, as `colcomb pack --all` treats an .npz. Or a file's path (.onnx, .npz, a
         colcomb model...), read as the CLI reads it: an ONNX file's layers know their output
         positions, so they get cycles and energy. A file that cannot be read raises OSError.
alpha    one width for every layer, or {layer: alpha, "*": default}; a layer is named as the CLI's
         --layer-alpha names it (its key, the end of its key, or the key without ".weight").
vectors  optional {layer: output positions per sample}: those layers also get array cycles and
         energy per sample in .totals.)";

const char* const kCostDoc = R"(cost(packing, array=None, mac="bit-parallel", vectors=1, data_bits=8, weight_bits=8) -> dict

The closed form of the cycle-accurate simulator and the cost model for one packed layer streaming
`vectors` input vectors (output positions), before packing (every nonzero column its own array
column, plain cells) and after (multiplexers `alpha` wide): cycles, utilization efficiency, tiles
and energy in picojoules with its breakdown. `array` defaults to the packing's own.)";

const char* const kJointStepDoc = R"(joint_step(weight, alpha, progress, gamma=0.5, method="pairwise", section=256) -> Packing

One pruning step of the joint schedule on one layer, as core's joint optimizer takes it: the
floor(progress x (1 - 1/alpha) x size) smallest magnitudes are zeroed (the first in memory order
among equals), then the layer is column-combined and its conflicts pruned. The result's .original
is the magnitude-pruned weight and .pruned the layer's new weight; their difference is what the
next step gives back to the layer before it ranks magnitudes again.)";

} // namespace

PYBIND11_MODULE(_core, m)
{
    m.doc() = "Column combining (Kung, McDanel and Zhang, ASPLOS 2019) from core, in process.";
    // A packing allocates its matrices afresh (a 512 x 512 layer: 1 MB each); glibc maps such blocks
    // anew on every call and faults their pages in again: 9.7 ms a call against 1.6 ms with freed
    // memory kept in the heap, as the colcomb programs keep it.
    retainFreedMemory();

    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const FileError& e) {
            PyErr_SetString(PyExc_OSError, e.what());
        }
    });

    py::class_<Packing>(m, "Packing", "One layer packed by column combining (colcomb.pack).")
        .def_property_readonly(
            "groups", [](const Packing& p) { return p.result.packed.groups(); }, "The column groups: lists of original column indices.")
        .def_property_readonly(
            "mask",
            [](const Packing& p) {
                py::array_t<bool> out(p.shape);
                const DenseMatrix& w = p.result.pruned.weights();
                bool* o = out.mutable_data();
                for (Eigen::Index i = 0; i < w.size(); ++i) o[i] = w.data()[i] != 0.0f;
                return out;
            },
            "bool, the weight's shape: True where a weight is kept (nonzero and not pruned by column combining).")
        .def_property_readonly(
            "packed",
            [](const Packing& p) {
                const DenseMatrix& w = p.result.packed.weights();
                py::array_t<float> out({w.rows(), w.cols()});
                std::copy(w.data(), w.data() + w.size(), out.mutable_data());
                return out;
            },
            "float32 rows x groups: the weights the array stores.")
        .def_property_readonly(
            "selects",
            [](const Packing& p) {
                const SelectMatrix& s = p.result.packed.select();
                py::array_t<std::int32_t> out({s.rows(), s.cols()});
                std::copy(s.data(), s.data() + s.size(), out.mutable_data());
                return out;
            },
            "int32 rows x groups: the original column each cell's multiplexer selects, -1 for an empty cell.")
        .def_property_readonly(
            "pruned", [](const Packing& p) { return weightShaped(p, p.result.pruned.weights()); },
            "float32, the weight's shape: the weight after column-combine pruning.")
        .def_property_readonly(
            "original", [](const Packing& p) { return weightShaped(p, p.result.original.weights()); },
            "float32, the weight's shape: what was packed (for joint_step, after its magnitude pruning).")
        .def_property_readonly(
            "metrics", [](const Packing& p) { return pythonValue(metricsJson(p.result)); },
            "The numbers `colcomb pack --json` prints, under its field names (no packed_weights or select).")
        .def_property_readonly("name", [](const Packing& p) { return p.name; })
        .def("__repr__", &packingRepr);

    py::class_<PackedNetworkResult>(m, "NetworkPacking", "A network packed layer by layer (colcomb.pack_network).")
        .def_property_readonly(
            "layers",
            [](const PackedNetworkResult& n) {
                py::dict out;
                for (const Packing& p : n.layers) out[py::str(p.name)] = py::cast(p);
                return out;
            },
            "{layer name: Packing}, in the order given.")
        .def_property_readonly(
            "totals", [](const PackedNetworkResult& n) { return pythonValue(networkTotalsToJson(n.report.totals, n.seconds)); },
            "The network's totals under `colcomb pack --all --json`'s field names.")
        .def_property_readonly(
            "skipped",
            [](const PackedNetworkResult& n) {
                py::list out;
                for (const SkippedTensor& s : n.file.skipped) out.append(py::dict(py::arg("name") = s.name, py::arg("shape") = s.shape, py::arg("reason") = s.reason));
                return out;
            },
            "The tensors that are not layers, each with the reason.")
        .def_property_readonly("seconds", [](const PackedNetworkResult& n) { return n.seconds; }, "Time spent packing.")
        .def("__repr__", [](const PackedNetworkResult& n) {
            const NetworkTotals& t = n.report.totals;
            char text[200];
            std::snprintf(text, sizeof text, "<colcomb.NetworkPacking %d layers: %lld -> %lld groups, utilization %.1f%% -> %.1f%%, tiles %lld -> %lld>", t.layers,
                          t.nonzeroColumns, t.groups, t.utilizationBefore * 100, t.utilizationAfter * 100, t.tilesBefore, t.tilesAfter);
            return std::string(text);
        });

    m.def(
        "pack",
        [](const py::object& weight, int alpha, double gamma, const std::string& method, int section, const py::object& array) {
            PackingParams params = packingParams(alpha, gamma, method, section, array);
            const FloatArray values = floatArray(weight, "weight");
            const WeightTensor tensor = tensorOf(values, "weight");
            params.kernelPositions = kernelPositionsOf(tensor.shape);
            Packing out;
            out.shape = tensor.shape;
            {
                py::gil_scoped_release unlocked;
                out.result = packLayer(weightMatrix(tensor), params);
            }
            return out;
        },
        kPackDoc, py::arg("weight"), py::arg("alpha") = 8, py::arg("gamma") = 0.5, py::arg("method") = "pairwise", py::arg("section") = 256,
        py::arg("array") = py::make_tuple(32, 32));

    m.def(
        "pack_network",
        [](const py::object& weights, const py::object& alpha, double gamma, const std::string& method, int section, const py::object& array, unsigned threads,
           const py::object& vectors) {
            PackedNetworkResult out;
            std::vector<FloatArray> arrays;  // kept alive: the tensors read them in place
            if (py::isinstance<py::str>(weights) || py::hasattr(weights, "__fspath__")) {
                const std::string path = py::str(py::module_::import("os").attr("fspath")(weights));
                py::gil_scoped_release unlocked;
                out.file = readNetworkFile(path);
            } else if (py::hasattr(weights, "items")) {
                std::vector<WeightTensor> tensors;
                for (const auto item : weights.attr("items")()) {
                    const auto pair = item.cast<py::tuple>();
                    const std::string name = py::str(pair[0]);
                    arrays.push_back(floatArray(pair[1], name));
                    tensors.push_back(tensorOf(arrays.back(), name));
                }
                {
                    py::gil_scoped_release unlocked;
                    out.file = networkFromTensors(tensors);
                }
                if (out.file.layers.empty())
                    throw py::value_error("weights: no 2-D or 4-D tensor among the " + std::to_string(tensors.size()) + " given, so no layer to pack");
            } else {
                throw py::value_error("weights: give a mapping {name: array}, such as a state_dict(), or a model file's path");
            }
            // Depthwise convolutions are listed, not packed, as `colcomb pack --all` does.
            for (const LayerFilterMatrix& l : out.file.layers)
                if (!l.notPacked.empty()) out.file.skipped.push_back({l.name, l.tensorShape, l.notPacked});
            std::erase_if(out.file.layers, [](const LayerFilterMatrix& l) { return !l.notPacked.empty() || l.weights.isEmpty(); });
            const auto layerNamed = [&](const std::string& what, const std::string& key) {
                try {
                    return findLayer(out.file, key);
                } catch (const std::invalid_argument& e) {
                    throw py::value_error(what + ": " + e.what());
                }
            };
            int shared = 8;
            std::map<std::size_t, int> own;
            if (py::isinstance<py::dict>(alpha)) {
                for (const auto [key, value] : alpha.cast<py::dict>()) {
                    const std::string name = py::str(key);
                    if (name == "*") shared = value.cast<int>();
                    else own[layerNamed("alpha", name)] = value.cast<int>();
                }
            } else {
                shared = alpha.cast<int>();
            }
            std::vector<long long> positions;
            for (const LayerFilterMatrix& l : out.file.layers) positions.push_back(l.vectors);
            if (!vectors.is_none())
                for (const auto [key, value] : vectors.cast<py::dict>()) positions[layerNamed("vectors", py::str(key))] = value.cast<long long>();
            const PackingParams base = packingParams(shared, gamma, method, section, array);
            std::vector<PackingParams> params;
            std::vector<FilterMatrix> matrices;
            for (std::size_t k = 0; k < out.file.layers.size(); ++k) {
                PackingParams p = base;
                if (const auto a = own.find(k); a != own.end()) p.alpha = a->second;
                if (const std::string problem = validatePackingParams(p); !problem.empty())
                    throw py::value_error("alpha of '" + out.file.layers[k].name + "': " + problem);
                params.push_back(paramsForLayer(out.file.layers[k], p));
                matrices.push_back(out.file.layers[k].weights);
            }
            {
                py::gil_scoped_release unlocked;
                const auto start = std::chrono::steady_clock::now();
                NetworkPacking packed = packNetwork(matrices, params, positions, {}, threads);
                out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                out.report = std::move(packed.report);
                for (std::size_t k = 0; k < packed.results.size(); ++k)
                    out.layers.push_back({std::move(packed.results[k]), out.file.layers[k].tensorShape, out.file.layers[k].name});
            }
            return out;
        },
        kPackNetworkDoc, py::arg("weights"), py::arg("alpha") = 8, py::arg("gamma") = 0.5, py::arg("method") = "pairwise", py::arg("section") = 256,
        py::arg("array") = py::make_tuple(32, 32), py::arg("threads") = 0, py::arg("vectors") = py::none());

    m.def(
        "cost",
        [](const Packing& packing, const py::object& array, const std::string& mac, long long vectors, int dataBits, int weightBits) {
            if (vectors < 1) throw py::value_error("vectors: " + std::to_string(vectors) + " is not a whole number >= 1");
            PackingResult r = packing.result;
            if (!array.is_none()) {
                r.params.array = arrayShapeOf(array);
                const int padded = r.metrics.paddedGroups;
                r.metrics = measurePacking(r.original, SparsityPattern(r.original), r.packed, r.metrics.conflictBudget, r.metrics.groupsLowerBound, r.params.array);
                r.metrics.paddedGroups = padded;
            }
            ArrayConfig config;
            config.shape = r.params.array;
            config.mac = macMode(mac);
            config.dataBits = dataBits;
            config.weightBits = weightBits;
            config.muxWidth = groupWidth(r.params);
            if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw py::value_error(problem);
            LayerHardware h;
            {
                py::gil_scoped_release unlocked;
                h = layerHardware(r, vectors, config);
            }
            const PackingMetrics& m = r.metrics;
            return pythonValue({{"array", {r.params.array.rows, r.params.array.cols}},
                                {"mac", mac},
                                {"vectors", vectors},
                                {"cycles_before", h.cyclesBefore},
                                {"cycles_after", h.cyclesAfter},
                                {"utilization_before", m.utilizationBefore},
                                {"utilization_after", m.utilizationAfter},
                                {"tiles_before", m.tilesBefore},
                                {"tiles_after", m.tilesAfter},
                                {"energy_before_pj", h.energyBeforePj},
                                {"energy_after_pj", h.energyAfterPj},
                                {"energy_breakdown_before_pj", energyBreakdownToJson(h.breakdownBefore)},
                                {"energy_breakdown_after_pj", energyBreakdownToJson(h.breakdownAfter)}});
        },
        kCostDoc, py::arg("packing"), py::arg("array") = py::none(), py::arg("mac") = "bit-parallel", py::arg("vectors") = 1, py::arg("data_bits") = 8,
        py::arg("weight_bits") = 8);

    m.def(
        "joint_step",
        [](const py::object& weight, int alpha, double progress, double gamma, const std::string& method, int section) {
            const PackingParams checked = packingParams(alpha, gamma, method, section, py::make_tuple(32, 32));
            JointSettings settings;
            settings.gamma = checked.gamma;
            settings.method = methodChoice(checked);
            settings.pairwiseSectionColumns = checked.pairwiseSectionColumns;
            const FloatArray values = floatArray(weight, "weight");
            const WeightTensor tensor = tensorOf(values, "weight");
            Packing out;
            out.shape = tensor.shape;
            {
                py::gil_scoped_release unlocked;
                out.result = jointPruneLayer(weightMatrix(tensor), alpha, progress, settings, kernelPositionsOf(tensor.shape));
            }
            return out;
        },
        kJointStepDoc, py::arg("weight"), py::arg("alpha"), py::arg("progress"), py::arg("gamma") = 0.5, py::arg("method") = "pairwise",
        py::arg("section") = 256);

    m.def(
        "save_trained_groups",
        [](const std::string& modelPath, const py::dict& groups, const py::object& alpha, double gamma, const std::string& method) {
            const PackingParams checked = packingParams(8, gamma, method, 256, py::make_tuple(32, 32));
            TrainedGroups file;
            file.gamma = checked.gamma;
            file.method = methodChoiceName(methodChoice(checked));
            std::map<std::string, int> widths;
            int shared = 0;
            if (py::isinstance<py::dict>(alpha)) {
                for (const auto [key, value] : alpha.cast<py::dict>()) widths[py::str(key)] = value.cast<int>();
            } else if (!alpha.is_none()) {
                shared = alpha.cast<int>();
            }
            for (const auto [key, value] : groups) {
                TrainedLayerGroups l;
                l.layer = py::str(key);
                l.groups = value.cast<ColumnGroups>();
                std::size_t widest = 1;
                for (const ColumnGroup& g : l.groups) widest = std::max(widest, g.size());
                const auto own = widths.find(l.layer);
                l.alpha = own != widths.end() ? own->second : shared > 0 ? shared : static_cast<int>(widest);
                file.layers.push_back(std::move(l));
            }
            const std::string path = trainedGroupsPath(modelPath);
            {
                py::gil_scoped_release unlocked;
                // Checked against the model as it will be read: every layer found, every group fits.
                NetworkFile network = readNetworkFile(modelPath);
                applyTrainedGroups(network, file, path);
                writeFileAtomically(path, trainedGroupsToJson(file).dump(1) + "\n");
            }
            return path;
        },
        R"(save_trained_groups(model_path, groups, alpha=None, gamma=0.5, method="pairwise") -> str

Writes MODEL_PATH.groups.json: the column groups {layer: [[columns], ...]} a model was trained with,
beside a model file that cannot hold them (.onnx, .npz). `colcomb` programs and the studio read it
with the model, so the model opens packed with those groups. Layers are named as `--layer` names
them (a module name such as "features.3" matches its ONNX node or its "features.3.weight").
`alpha` (one width, or {layer: width}; default: each layer's widest group) and `gamma` record the
packing they were trained under. Raises OSError (the model cannot be read, a layer is not in it, a
group does not fit its columns) without writing anything. Returns the path written.)",
        py::arg("model_path"), py::arg("groups"), py::arg("alpha") = py::none(), py::arg("gamma") = 0.5, py::arg("method") = "pairwise");

    m.def(
        "prune_schedule",
        [](int epochs, int steps, double finalProgress, double span) {
            if (epochs < 1 || steps < 1) throw py::value_error("epochs and steps must be whole numbers >= 1");
            if (!(finalProgress >= 0 && finalProgress <= 1) || !(span > 0 && span <= 1)) throw py::value_error("final and span must be in [0, 1] and (0, 1]");
            const PruneSchedule s{steps, finalProgress, span};
            const std::vector<int> at = s.epochs(epochs);
            std::vector<std::pair<int, double>> out;
            for (int i = 0; i < steps; ++i) out.emplace_back(at[static_cast<std::size_t>(i)], s.progress(i));
            return out;
        },
        R"(prune_schedule(epochs, steps=10, final=0.8, span=0.5) -> [(epoch, progress), ...]

The joint schedule's pruning steps: step i of n happens at the start of epoch floor(span x epochs x
i / n) and reaches progress final x (1 - (1 - i/n)^3), the last exactly `final`. Several steps may
fall on one epoch; they are taken in order.)",
        py::arg("epochs"), py::arg("steps") = 10, py::arg("final") = 0.8, py::arg("span") = 0.5);
}
