#include "nn/Network.h"

#include "base/PrintableText.h"

#include <stdexcept>
#include <utility>

namespace colcomb {

namespace {

// A spec names sizes people type: anything larger is a mistake, not a network to allocate.
constexpr long long kMaxSize = 65536;
constexpr long long kMaxLayerWeights = 1LL << 28;

int positiveInt(const nlohmann::json& j, const char* key, const std::string& where)
{
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<long long>() < 1 || j[key].get<long long>() > kMaxSize)
        throw std::invalid_argument(where + ": '" + key + "' must be a whole number from 1 to " + std::to_string(kMaxSize));
    return j[key].get<int>();
}

// An optional whole number in [least, kMaxSize], `fallback` when absent.
int optionalInt(const nlohmann::json& j, const char* key, int fallback, int least, const std::string& where)
{
    if (!j.contains(key)) return fallback;
    if (!j[key].is_number_integer() || j[key].get<long long>() < least || j[key].get<long long>() > kMaxSize)
        throw std::invalid_argument(where + ": '" + key + "' must be a whole number from " + std::to_string(least) + " to " + std::to_string(kMaxSize));
    return j[key].get<int>();
}

bool optionalBool(const nlohmann::json& j, const char* key, bool fallback, const std::string& where)
{
    if (!j.contains(key)) return fallback;
    if (!j[key].is_boolean()) throw std::invalid_argument(where + ": '" + key + "' must be true or false");
    return j[key].get<bool>();
}

void checkLayerSize(long long weights, const std::string& where)
{
    if (weights > kMaxLayerWeights)
        throw std::invalid_argument(where + ": " + std::to_string(weights) + " weights is more than the " + std::to_string(kMaxLayerWeights) + " a layer may hold");
}

std::vector<int> intList(const nlohmann::json& j, const char* key)
{
    if (!j.contains(key) || !j[key].is_array()) throw std::invalid_argument(std::string("network spec: '") + key + "' must be a list");
    std::vector<int> out;
    for (const auto& v : j[key]) {
        if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > kMaxSize)
            throw std::invalid_argument(std::string("network spec: '") + key + "' must hold whole numbers from 1 to " + std::to_string(kMaxSize));
        out.push_back(v.get<int>());
    }
    return out;
}

int alphaOf(const nlohmann::json& layer, const std::string& where)
{
    if (!layer.contains("alpha")) return 1;
    return positiveInt(layer, "alpha", where);
}

} // namespace

nlohmann::json expandNetworkSpec(const nlohmann::json& spec)
{
    if (!spec.is_object()) throw std::invalid_argument("network spec: expected a JSON object");
    if (spec.contains("layers")) return spec;
    const std::vector<int> widths = intList(spec, "widths");
    const std::vector<int> blocks = intList(spec, "blocks");
    const std::vector<int> strides = intList(spec, "strides");
    const std::vector<int> alpha = spec.contains("alpha") ? intList(spec, "alpha") : std::vector<int>(widths.size(), 1);
    if (widths.empty() || blocks.size() != widths.size() || strides.size() != widths.size() || alpha.size() != widths.size())
        throw std::invalid_argument("network spec: widths, blocks, strides and alpha need one entry per stage");
    nlohmann::json layers = nlohmann::json::array();
    const auto block = [&](int out, int stride, int a, bool shift) {
        if (shift) layers.push_back({{"type", "shift"}});
        layers.push_back({{"type", "conv1x1"}, {"out", out}, {"stride", stride}, {"bias", false}, {"alpha", a}});
        layers.push_back({{"type", "batchnorm"}});
        layers.push_back({{"type", "relu6"}});
    };
    block(widths[0], 1, 1, false);  // the stem: a plain 1x1 convolution
    for (std::size_t s = 0; s < widths.size(); ++s)
        for (int k = 0; k < blocks[s]; ++k) block(widths[s], k == 0 ? strides[s] : 1, alpha[s], true);
    layers.push_back({{"type", "global_avg_pool"}});
    const int classes = optionalInt(spec, "classes", 10, 1, "network spec");
    layers.push_back({{"type", "linear"}, {"out", classes}});
    nlohmann::json out = {{"layers", layers}, {"classes", classes}};
    out["input"] = spec.contains("input") ? spec["input"] : nlohmann::json({1, 28, 28});
    return out;
}

Network Network::fromSpec(const nlohmann::json& raw, std::uint64_t seed)
{
    const nlohmann::json spec = expandNetworkSpec(raw);
    Network net;
    const nlohmann::json input = spec.value("input", nlohmann::json({1, 28, 28}));
    const auto dimension = [](const nlohmann::json& v) { return v.is_number_integer() && v.get<long long>() >= 1 && v.get<long long>() <= 4096; };
    if (!input.is_array() || input.size() != 3 || !dimension(input[0]) || !dimension(input[1]) || !dimension(input[2]))
        throw std::invalid_argument("network spec: 'input' must be [channels, height, width], each from 1 to 4096");
    net.m_inputChannels = input[0].get<int>();
    net.m_inputHeight = input[1].get<int>();
    net.m_inputWidth = input[2].get<int>();
    net.m_classes = optionalInt(spec, "classes", 10, 1, "network spec");
    if (!spec.contains("layers") || !spec["layers"].is_array()) throw std::invalid_argument("network spec: 'layers' must be a list");
    int channels = net.m_inputChannels;
    std::uint64_t layerSeed = seed * 1000003u;
    for (std::size_t i = 0; i < spec["layers"].size(); ++i) {
        const nlohmann::json& l = spec["layers"][i];
        const std::string where = "network spec, layer " + std::to_string(i);
        if (!l.is_object() || !l.contains("type") || !l["type"].is_string()) throw std::invalid_argument(where + ": 'type' must name the layer type");
        const std::string type = l["type"].get<std::string>();
        ++layerSeed;
        if (type == "conv1x1" || type == "linear") {
            const int out = positiveInt(l, "out", where);
            checkLayerSize(static_cast<long long>(channels) * out, where);
            std::unique_ptr<FilterLayer> layer;
            if (type == "linear") layer = std::make_unique<Linear>(channels, out, layerSeed);
            else layer = std::make_unique<Conv1x1>(channels, out, optionalInt(l, "stride", 1, 1, where), optionalBool(l, "bias", false, where), layerSeed);
            layer->alpha = alphaOf(l, where);
            net.m_layers.push_back(std::move(layer));
            channels = out;
        } else if (type == "conv") {
            const int out = positiveInt(l, "out", where);
            const int kernel = positiveInt(l, "kernel", where);
            checkLayerSize(static_cast<long long>(channels) * out * kernel * kernel, where);
            auto conv = std::make_unique<Conv2d>(channels, out, kernel, optionalInt(l, "stride", 1, 1, where), optionalInt(l, "padding", 0, 0, where),
                                                 optionalBool(l, "bias", true, where), layerSeed);
            conv->alpha = alphaOf(l, where);
            net.m_layers.push_back(std::move(conv));
            channels = out;
        } else if (type == "maxpool") net.m_layers.push_back(std::make_unique<MaxPool>(positiveInt(l, "size", where)));
        else if (type == "flatten") {
            // Channels after flattening depend on the spatial size: trace it through the layers.
            Tensor probe = Tensor::zeros(net.m_inputChannels, 1, net.m_inputHeight, net.m_inputWidth);
            for (auto& layer : net.m_layers) probe = layer->forward(probe, false);
            net.m_layers.push_back(std::make_unique<Flatten>());
            channels = probe.channels() * probe.positions();
        } else if (type == "shift") net.m_layers.push_back(std::make_unique<Shift>(channels, layerSeed));
        else if (type == "batchnorm") net.m_layers.push_back(std::make_unique<BatchNorm>(channels));
        else if (type == "relu") net.m_layers.push_back(std::make_unique<Relu>(0.0f));
        else if (type == "relu6") net.m_layers.push_back(std::make_unique<Relu>(6.0f));
        else if (type == "global_avg_pool") net.m_layers.push_back(std::make_unique<GlobalAvgPool>());
        else throw std::invalid_argument(where + ": unknown layer type '" + printableText(type) + "'");
    }
    if (channels != net.m_classes) throw std::invalid_argument("network spec: the last layer has " + std::to_string(channels) + " outputs for " + std::to_string(net.m_classes) + " classes");
    // Each layer's output positions per sample (the vectors its filter matrix meets on the array)
    // depend only on the shapes: trace one blank sample through once.
    Tensor probe = Tensor::zeros(net.m_inputChannels, 1, net.m_inputHeight, net.m_inputWidth);
    for (std::size_t i = 0; i < net.m_layers.size(); ++i) {
        try {
            probe = net.m_layers[i]->forward(probe, false);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("network spec: layer " + std::to_string(i) + " (" + net.m_layers[i]->type() + ") cannot take its input: " + e.what());
        }
        net.m_outputPositions.push_back(probe.positions());
    }
    return net;
}

Tensor Network::forward(const Tensor& in, bool training)
{
    Tensor t = in;
    for (auto& l : m_layers) t = l->forward(t, training);
    return t;
}

void Network::backward(const Tensor& gradOut)
{
    Tensor g = gradOut;
    for (auto it = m_layers.rbegin(); it != m_layers.rend(); ++it) g = (*it)->backward(g);
}

std::string shortLayerName(const LayerFilterMatrix& layer)
{
    std::string name;
    if (!layer.parameter.empty()) {
        name = layer.parameter;
        if (name.size() > 7 && name.compare(name.size() - 7, 7, ".weight") == 0) name.resize(name.size() - 7);
    } else if (layer.name.size() > 1 && layer.name[0] == '/') {
        std::vector<std::string> parts;
        for (std::size_t start = 1; start <= layer.name.size();) {
            const std::size_t end = std::min(layer.name.find('/', start), layer.name.size());
            if (end > start) parts.push_back(layer.name.substr(start, end - start));
            start = end + 1;
        }
        if (parts.size() > 1) parts.pop_back();  // the operator: "Conv", "Gemm"
        for (std::size_t i = 0; i < parts.size(); ++i) {
            const bool extended = i + 1 < parts.size() && parts[i + 1].size() > parts[i].size() && parts[i + 1].compare(0, parts[i].size(), parts[i]) == 0;
            if (extended) continue;
            if (!name.empty()) name += '.';
            name += parts[i];
        }
    }
    if (name.empty()) return layer.name;
    if (layer.group >= 0) {  // as the file's name says it
        name += '[';
        name += std::to_string(layer.group);
        name += ']';
    }
    return name;
}

std::vector<Parameter> Network::parameters()
{
    std::vector<Parameter> out;
    for (std::size_t i = 0; i < m_layers.size(); ++i)
        for (Parameter p : m_layers[i]->parameters()) {
            p.name = std::to_string(i) + "." + m_layers[i]->type() + "." + p.name;
            out.push_back(p);
        }
    return out;
}

void Network::zeroGrad()
{
    for (Parameter& p : parameters()) p.grad->setZero();
}

std::vector<FilterLayer*> Network::filterLayers()
{
    std::vector<FilterLayer*> out;
    for (auto& l : m_layers)
        if (FilterLayer* f = l->asFilterLayer()) out.push_back(f);
    return out;
}

std::vector<const FilterLayer*> Network::filterLayers() const
{
    std::vector<const FilterLayer*> out;
    for (const auto& l : m_layers)
        if (const FilterLayer* f = std::as_const(*l).asFilterLayer()) out.push_back(f);
    return out;
}

std::vector<int> Network::alphas() const
{
    std::vector<int> out;
    for (const FilterLayer* f : filterLayers()) out.push_back(f->alpha);
    return out;
}

std::vector<LayerFilterMatrix> Network::filterMatrices() const
{
    std::vector<LayerFilterMatrix> out;
    for (std::size_t i = 0; i < m_layers.size(); ++i) {
        const FilterLayer* f = std::as_const(*m_layers[i]).asFilterLayer();
        if (!f) continue;
        const std::string description = "layer " + std::to_string(i) + ": " + f->type() + " " + std::to_string(f->weight.rows()) + " x "
                                        + std::to_string(f->weight.cols()) + (f->alpha > 1 ? ", alpha " + std::to_string(f->alpha) : "");
        PackingParams packing;
        packing.alpha = f->alpha;
        LayerFilterMatrix l;
        l.layer = i;
        l.description = description;
        l.weights = f->filterMatrix();
        l.alpha = f->alpha;
        l.trainedParams = packing;
        l.name = "layer " + std::to_string(i);
        l.kind = f->type();
        l.tensorShape = {static_cast<std::size_t>(l.weights.rows()), static_cast<std::size_t>(l.weights.cols())};
        l.kernelPositions = f->kernelPositions();
        l.vectors = m_outputPositions[i];
        out.push_back(std::move(l));
    }
    return out;
}

Network Network::clone()
{
    Network copy = fromSpec(spec(), 1);
    const std::vector<Parameter> from = parameters();
    const std::vector<Parameter> to = copy.parameters();
    for (std::size_t k = 0; k < from.size(); ++k) {
        *to[k].value = *from[k].value;
        if (from[k].mask) *to[k].mask = *from[k].mask;
    }
    for (std::size_t i = 0; i < m_layers.size(); ++i) copy.layer(i).setState(layer(i).state());
    return copy;
}

nlohmann::json Network::spec() const
{
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : m_layers) layers.push_back(l->spec());
    return {{"input", {m_inputChannels, m_inputHeight, m_inputWidth}}, {"classes", m_classes}, {"layers", layers}};
}

} // namespace colcomb
