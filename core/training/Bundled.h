#pragma once
// The network spec and trained models that ship in resources/models.
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace colcomb {

std::string resourcesFolder();
// "demo", "demo-dense" and "demo-pruned" name the bundled models; anything else is a path.
std::string modelPath(const std::string& nameOrPath);
// The bundled network specs by name: "demo" (the shift network the demo models were trained from)
// and "lenet5" (LeNet-5 with batch norm and ReLU6, its later layers packed with alpha 8).
std::vector<std::string> bundledSpecNames();
// A bundled spec's name, or else a path to a JSON spec.
// Throws FileError for a missing or malformed file.
nlohmann::json loadNetworkSpec(const std::string& nameOrPath);

} // namespace colcomb
