#pragma once
// The network spec and trained models that ship in resources/models.
#include <nlohmann/json.hpp>

#include <string>

namespace colcomb {

std::string resourcesFolder();
// "demo" and "demo-dense" name the bundled models; anything else is a path.
std::string modelPath(const std::string& nameOrPath);
// "demo" names the bundled network's spec; anything else is a path to a JSON spec.
// Throws FileError for a missing or malformed file.
nlohmann::json loadNetworkSpec(const std::string& nameOrPath);

} // namespace colcomb
