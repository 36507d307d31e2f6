#pragma once
// Image classification data in memory: N images of C x H x W floats (normalized) and labels.
#include <cstdint>
#include <string>
#include <vector>

namespace colcomb {

struct Dataset {
    int channels = 1;
    int height = 0;
    int width = 0;
    int classes = 10;
    std::vector<float> images;  // N x C x H x W, C order
    std::vector<int> labels;

    std::size_t size() const { return labels.size(); }
    std::size_t imageSize() const { return static_cast<std::size_t>(channels) * height * width; }
    const float* image(std::size_t i) const { return images.data() + i * imageSize(); }
};

// MNIST family (MNIST, Fashion-MNIST) from a folder holding train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each raw or .gz.
// Pixels become (p / 255 - mean) / std with the set's own training mean and std.
Dataset loadMnistFamily(const std::string& folder, bool train);
// CIFAR-10 binary version: data_batch_1..5.bin (train) or test_batch.bin, per-channel normalized.
Dataset loadCifar10(const std::string& folder, bool train);
Dataset parseCifar10Batches(const std::vector<std::string>& batches, const std::vector<std::string>& names);

// A seeded subset holding `fraction` of every class (at least one image of each class present),
// in a seeded random order: the limited-data experiment's training sets.
std::vector<std::size_t> stratifiedSubset(const std::vector<int>& labels, double fraction, std::uint64_t seed);
Dataset subset(const Dataset& data, const std::vector<std::size_t>& indices);

// Where Debian's dataset-fashion-mnist package puts the files.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";

// The data sets a name can load: "fashion-mnist" (folder optional: the Debian package's), "mnist"
// and "cifar10" (folder needed: nothing is downloaded). The CLI's choices and the Training tab's.
const std::vector<std::string>& datasetNames();
// Whether the data set loads without a folder given (the Debian package's).
bool datasetHasDefaultFolder(const std::string& name);
// Throws std::invalid_argument for an unknown name or a missing folder.
Dataset loadDatasetByName(const std::string& name, const std::string& folder, bool train);

} // namespace colcomb
