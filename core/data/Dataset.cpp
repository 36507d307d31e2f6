#include "data/Dataset.h"

#include "data/Idx.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "matrix/RandomMatrix.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>

namespace colcomb {

namespace {

std::string findFile(const std::string& folder, const std::string& stem)
{
    namespace fs = std::filesystem;
    for (const std::string& name : {stem, stem + ".gz"}) {
        const fs::path p = fs::path(folder) / name;
        std::error_code ec;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    throw FileError((std::filesystem::path(folder) / stem).string(), "not found (nor with .gz); is this an MNIST-family folder?");
}

} // namespace

Dataset loadMnistFamily(const std::string& folder, bool train)
{
    const std::string prefix = train ? "train" : "t10k";
    const std::string imagesPath = findFile(folder, prefix + "-images-idx3-ubyte");
    const std::string labelsPath = findFile(folder, prefix + "-labels-idx1-ubyte");
    const IdxArray images = readIdx(imagesPath);
    const IdxArray labels = readIdx(labelsPath);
    if (images.dims.size() != 3) throw FileError(imagesPath, "expected 3 dimensions (images x rows x cols)");
    if (labels.dims.size() != 1) throw FileError(labelsPath, "expected 1 dimension (labels)");
    if (images.dims[0] != labels.dims[0])
        throw FileError(labelsPath, std::to_string(labels.dims[0]) + " labels for " + std::to_string(images.dims[0]) + " images");
    Dataset d;
    d.channels = 1;
    d.height = static_cast<int>(images.dims[1]);
    d.width = static_cast<int>(images.dims[2]);
    d.images.resize(images.data.size());
    // To [-1, 1]: no statistics to carry between the training and the test set.
    std::transform(images.data.begin(), images.data.end(), d.images.begin(), [](std::uint8_t p) { return p / 127.5f - 1.0f; });
    d.labels.assign(labels.data.begin(), labels.data.end());
    for (std::size_t i = 0; i < d.labels.size(); ++i)
        if (d.labels[i] >= d.classes) throw FileError(labelsPath, "label " + std::to_string(d.labels[i]) + " at " + std::to_string(i) + " is not a class 0-9");
    return d;
}

Dataset parseCifar10Batches(const std::vector<std::string>& batches, const std::vector<std::string>& names)
{
    constexpr std::size_t kRecord = 1 + 3 * 32 * 32;
    // torchvision's CIFAR-10 channel statistics.
    constexpr float kMean[] = {0.4914f, 0.4822f, 0.4465f};
    constexpr float kStd[] = {0.2470f, 0.2435f, 0.2616f};
    Dataset d;
    d.channels = 3;
    d.height = d.width = 32;
    for (std::size_t b = 0; b < batches.size(); ++b) {
        const std::string& bytes = batches[b];
        if (bytes.empty()) throw FileError(names[b], "file is empty");
        if (bytes.size() % kRecord != 0)
            throw FileError(names[b], "size " + std::to_string(bytes.size()) + " is not a whole number of 3073-byte CIFAR-10 records");
        for (std::size_t r = 0; r < bytes.size() / kRecord; ++r) {
            const auto* rec = reinterpret_cast<const std::uint8_t*>(bytes.data()) + r * kRecord;
            if (rec[0] > 9) throw FileError(names[b], "record " + std::to_string(r) + " has label " + std::to_string(rec[0]));
            d.labels.push_back(rec[0]);
            for (std::size_t k = 0; k < kRecord - 1; ++k) {
                const std::size_t c = k / 1024;
                d.images.push_back((rec[1 + k] / 255.0f - kMean[c]) / kStd[c]);
            }
        }
    }
    return d;
}

Dataset loadCifar10(const std::string& folder, bool train)
{
    std::vector<std::string> names;
    if (train)
        for (int k = 1; k <= 5; ++k) names.push_back((std::filesystem::path(folder) / ("data_batch_" + std::to_string(k) + ".bin")).string());
    else names.push_back((std::filesystem::path(folder) / "test_batch.bin").string());
    std::vector<std::string> batches;
    for (const std::string& n : names) batches.push_back(readWholeFile(n));
    return parseCifar10Batches(batches, names);
}

const std::vector<std::string>& datasetNames()
{
    static const std::vector<std::string> names{"fashion-mnist", "mnist", "cifar10"};
    return names;
}

bool datasetHasDefaultFolder(const std::string& name) { return name == "fashion-mnist"; }

Dataset loadDatasetByName(const std::string& name, const std::string& folder, bool train)
{
    if (name == "fashion-mnist") return loadMnistFamily(folder.empty() ? kFashionMnistFolder : folder, train);
    if (std::find(datasetNames().begin(), datasetNames().end(), name) == datasetNames().end())
        throw std::invalid_argument("unknown data set '" + name + "' (fashion-mnist, mnist, cifar10)");
    if (folder.empty()) throw std::invalid_argument("a folder with the " + name + " files is needed (nothing is downloaded)");
    return name == "mnist" ? loadMnistFamily(folder, train) : loadCifar10(folder, train);
}

std::vector<std::size_t> stratifiedSubset(const std::vector<int>& labels, double fraction, std::uint64_t seed)
{
    if (!(fraction > 0.0) || fraction > 1.0) throw std::invalid_argument("the data fraction must be in (0, 1]");
    SplitMix64 rng(seed);
    const int classes = labels.empty() ? 0 : *std::max_element(labels.begin(), labels.end()) + 1;
    std::vector<std::vector<std::size_t>> byClass(static_cast<std::size_t>(classes));
    for (std::size_t i = 0; i < labels.size(); ++i) byClass[static_cast<std::size_t>(labels[i])].push_back(i);
    std::vector<std::size_t> out;
    const auto shuffle = [&](std::vector<std::size_t>& v) {
        for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(rng.below(static_cast<int>(i)))]);
    };
    for (std::vector<std::size_t>& members : byClass) {
        if (members.empty()) continue;
        shuffle(members);
        const auto keep = std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(fraction * static_cast<double>(members.size()))));
        out.insert(out.end(), members.begin(), members.begin() + static_cast<std::ptrdiff_t>(std::min(keep, members.size())));
    }
    shuffle(out);
    return out;
}

Dataset subset(const Dataset& data, const std::vector<std::size_t>& indices)
{
    Dataset s;
    s.channels = data.channels;
    s.height = data.height;
    s.width = data.width;
    s.classes = data.classes;
    s.images.resize(indices.size() * data.imageSize());
    s.labels.resize(indices.size());
    for (std::size_t k = 0; k < indices.size(); ++k) {
        std::copy_n(data.image(indices[k]), data.imageSize(), s.images.begin() + static_cast<std::ptrdiff_t>(k * data.imageSize()));
        s.labels[k] = data.labels[indices[k]];
    }
    return s;
}

} // namespace colcomb
