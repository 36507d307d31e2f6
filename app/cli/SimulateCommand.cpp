#include "Commands.h"
#include "NetworkOptions.h"
#include "PackingOptions.h"

#include "io/EnergyCostsFile.h"
#include "io/MatrixFile.h"
#include "io/PackedLayerFile.h"
#include "systolic/Comparison.h"

#include <cstdio>
#include <iostream>
#include <memory>

namespace colcomb::cli {

namespace {

struct SimulateOptions {
    std::string packedFile;
    std::string input;
    PackingOptions packing;
    std::string layer;
    int vectors = 64;
    int bits = 8;
    int weightBits = 0;  // 0: same as --bits
    int accumulatorBits = 32;
    bool bitSerial = false;
    bool signedInputs = false;
    double clockMhz = 200.0;
    std::uint64_t seed = 1;
    std::string energyFile;
    std::string memory;  // empty: the energy file's, else resident
    int batch = 0;       // 0: the energy file's, else 1
    bool json = false;
};

// The run's energy under both memory scenarios ("energy_breakdown_pj" holds the chosen one's), so
// a reader sees what the choice moves.
nlohmann::json scenariosToJson(const ArrayRun& run, const ArrayConfig& config, const EnergyCosts& costs)
{
    nlohmann::json out = nlohmann::json::object();
    for (const WeightMemory weights : {WeightMemory::Resident, WeightMemory::Streamed}) {
        EnergyCosts scenario = costs;
        scenario.memory.weights = weights;
        const CostReport c = estimateCost(run.sim, run.layer, config, scenario);
        out[weightMemoryName(weights)] = {{"basis", memoryScenarioText(scenario.memory)}, {"energy_pj", c.energyPj()}, {"breakdown_pj", energyBreakdownToJson(c.energy)}};
    }
    return out;
}

nlohmann::json runToJson(const ArrayRun& run, const ArrayConfig& config, const EnergyCosts& costs)
{
    const SimulationResult& s = run.sim;
    const CostReport& c = run.cost;
    return {
        {"rows", run.layer.rows()},
        {"groups", run.layer.groupCount()},
        {"cycles", s.cycles},
        {"weight_load_cycles", s.weightLoadCycles},
        {"useful_macs", s.usefulMacs},
        {"cell_cycles", s.cellCycles},
        {"utilization", s.utilization},
        {"tiles", s.tiles.size()},
        {"verified", s.verified},
        {"mismatches", s.mismatches},
        {"overflows", s.counters.overflows},
        {"energy_pj", c.energyPj()},
        {"energy_basis", memoryScenarioText(costs.memory)},
        {"energy_breakdown_pj", energyBreakdownToJson(c.energy)},
        {"energy_by_scenario", scenariosToJson(run, config, costs)},
        {"sram_bytes", c.sramBytes},
        {"sram_words", {{"ifmap_reads", s.counters.ifmapReads}, {"filter_reads", s.counters.filterReads}, {"ofmap_writes", s.counters.ofmapWrites}}},
        {"dram_bytes", c.dramBytes},
        {"latency_us", c.latencyUs},
        {"area_cells", c.areaCells},
    };
}

nlohmann::json tilesToJson(const SimulationResult& s)
{
    nlohmann::json tiles = nlohmann::json::array();
    for (const TileReport& t : s.tiles)
        tiles.push_back({{"row_block", t.tile.rowBlock}, {"col_block", t.tile.colBlock}, {"rows", t.tile.rows}, {"groups", t.tile.groups},
                         {"cycles", t.cycles}, {"expected_cycles", t.expected.total()}, {"load", t.expected.load}, {"fill", t.expected.fill},
                         {"steady", t.expected.steady}, {"drain", t.expected.drain}, {"useful_macs", t.usefulMacs}});
    return tiles;
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

void printRun(const char* name, const ArrayRun& r)
{
    std::printf("%-10s %6d x %-6d %12lld %10.1f%% %6zu %14.0f %12.2f  %s\n", name, r.layer.rows(), r.layer.groupCount(), r.sim.cycles,
                r.sim.utilization * 100.0, r.sim.tiles.size(), r.cost.energyPj(), r.cost.latencyUs, r.sim.verified ? "verified" : "NOT VERIFIED");
}

} // namespace

Command addSimulateCommand(CLI::App& app)
{
    auto opts = std::make_shared<SimulateOptions>();
    CLI::App* sub = app.add_subcommand("simulate", "Run a packed layer on the cycle-accurate systolic array, with its baselines");
    auto* packed = sub->add_option("--packed", opts->packedFile, "A packed layer written by colcomb pack --out");
    auto* input = sub->add_option("--input,-i", opts->input, "Weights (.npy/.csv) or a model (.onnx, .npz, colcomb .zip) to pack first");
    packed->excludes(input);
    sub->add_option("--layer", opts->layer, "The layer of a model file to simulate (colcomb inspect lists them)")->needs(input);
    addPackingOptions(sub, opts->packing);
    sub->add_option("--vectors", opts->vectors, "Input vectors (spatial positions) to stream")->capture_default_str();
    sub->add_option("--bits", opts->bits, "Data (activation) bits")->capture_default_str();
    sub->add_option("--weight-bits", opts->weightBits, "Weight bits (default: --bits)");
    sub->add_option("--acc-bits", opts->accumulatorBits, "Accumulator bits")->capture_default_str();
    sub->add_flag("--bit-serial", opts->bitSerial, "Bit-serial MACs: data streamed one bit per cycle");
    sub->add_flag("--signed-inputs", opts->signedInputs, "Signed activations (default: unsigned, as after ReLU)");
    sub->add_option("--clock-mhz", opts->clockMhz, "Clock for latency")->capture_default_str();
    sub->add_option("--seed", opts->seed, "Seed of the random inputs")->capture_default_str();
    sub->add_option("--energy", opts->energyFile, "JSON of per-event energies (and memory scenario) overriding the defaults");
    sub->add_option("--memory", opts->memory, "Where the weights live: resident (on chip, loaded once per model; the default) or streamed "
                                              "(from DRAM once per --batch samples)");
    sub->add_option("--batch", opts->batch, "Samples sharing one DRAM load of the weights when they are streamed (default 1)");
    sub->add_flag("--json", opts->json, "Print one JSON object on stdout");

    return {sub, [opts, sub] {
        if (opts->packedFile.empty() && opts->input.empty()) throw UsageError("give --packed FILE or --input FILE");
        if (opts->vectors < 1 || opts->vectors > 1'000'000) throw UsageError("--vectors must be 1..1000000");
        PackingParams params = resolvePackingOptions(opts->packing);
        PackedLayer layer;
        if (!opts->packedFile.empty()) {
            PackedLayerFile file = readPackedLayerFile(opts->packedFile);
            layer = std::move(file.packed);
            const bool arrayGiven = sub->count("--array") > 0;
            params = file.params;
            if (arrayGiven) params.array = opts->packing.params.array;
        } else {
            const NetworkFile network = readNetworkFile(opts->input);
            LayerSelection which;
            which.layer = opts->layer;
            layer = packLayer(network.layers[selectLayers(network, which, opts->input).front()].weights, params).packed;
        }
        ArrayConfig config;
        config.shape.rows = params.array.rows;
        config.shape.cols = params.array.cols;
        config.dataBits = opts->bits;
        config.weightBits = opts->weightBits > 0 ? opts->weightBits : opts->bits;
        config.accumulatorBits = opts->accumulatorBits;
        config.mac = opts->bitSerial ? MacMode::BitSerial : MacMode::BitParallel;
        config.signedData = opts->signedInputs;
        config.clockMhz = opts->clockMhz;
        config.muxWidth = groupWidth(params);
        if (const std::string problem = validateArrayConfig(config); !problem.empty()) throw UsageError(problem);
        EnergyCosts costs = opts->energyFile.empty() ? EnergyCosts{} : readEnergyCostsFile(opts->energyFile);
        if (!opts->memory.empty()) {
            try {
                costs.memory.weights = parseWeightMemory(opts->memory);
            } catch (const std::invalid_argument& e) {
                throw UsageError(std::string("--memory: ") + e.what());
            }
        }
        if (sub->count("--batch") > 0) {
            if (opts->batch < 1) throw UsageError("--batch must be at least 1 sample");
            costs.memory.batch = opts->batch;
        }

        const ArrayComparison c = simulateWithBaselines(layer, config, opts->vectors, opts->seed, costs);
        if (opts->json) {
            nlohmann::json j = runToJson(c.packed, config, costs);
            j["array"] = {config.shape.rows, config.shape.cols};
            j["mac"] = opts->bitSerial ? "bit-serial" : "bit-parallel";
            j["data_bits"] = config.dataBits;
            j["weight_bits"] = config.weightBits;
            j["accumulator_bits"] = config.accumulatorBits;
            j["clock_mhz"] = config.clockMhz;
            j["vectors"] = opts->vectors;
            j["seed"] = opts->seed;
            j["alpha"] = params.alpha;
            j["method"] = methodName(params.method);
            j["per_tile"] = tilesToJson(c.packed.sim);
            ArrayConfig plain = config;
            plain.muxWidth = 1;  // the baselines' cells have no multiplexers (Comparison.h)
            j["baseline"] = runToJson(c.unpacked, plain, costs);
            j["dense"] = runToJson(c.dense, plain, costs);
            j["ratios"] = {
                {"cycles_vs_baseline", ratio(c.packed.sim.cycles, c.unpacked.sim.cycles)},
                {"energy_vs_baseline", ratio(c.packed.cost.energyPj(), c.unpacked.cost.energyPj())},
                {"utilization_vs_baseline", ratio(c.packed.sim.utilization, c.unpacked.sim.utilization)},
                {"tiles_vs_baseline", ratio(static_cast<double>(c.packed.sim.tiles.size()), static_cast<double>(c.unpacked.sim.tiles.size()))},
            };
            j["energy_costs"] = energyCostsToJson(costs);
            std::cout << j.dump() << "\n";
        } else {
            std::printf("%d x %d array, %s, %d-bit data, %d vectors, %.0f MHz, energy with %s\n", config.shape.rows, config.shape.cols,
                        opts->bitSerial ? "bit-serial" : "bit-parallel", config.dataBits, opts->vectors, config.clockMhz,
                        memoryScenarioText(costs.memory).c_str());
            std::printf("%-10s %15s %12s %11s %6s %14s %12s\n", "layer", "rows x cols", "cycles", "utilization", "tiles", "energy pJ", "latency us");
            printRun("packed", c.packed);
            printRun("unpacked", c.unpacked);
            printRun("dense", c.dense);
            std::printf("packed vs unpacked: %.2fx fewer cycles, %.2fx less energy\n", ratio(c.unpacked.sim.cycles, c.packed.sim.cycles),
                        ratio(c.unpacked.cost.energyPj(), c.packed.cost.energyPj()));
        }
        if (!c.packed.sim.verified) throw std::runtime_error("the simulated outputs differ from the reference product");
    }};
}

} // namespace colcomb::cli
