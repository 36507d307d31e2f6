#include "training/Bundled.h"

#include "base/AtomicFile.h"
#include "base/JsonText.h"

#include <algorithm>

namespace colcomb {

std::string resourcesFolder() { return COLCOMB_RESOURCES_DIR; }

std::string modelPath(const std::string& name)
{
    if (name == "demo" || name == "demo-dense" || name == "demo-pruned") return resourcesFolder() + "/models/" + name + ".json";
    return name;
}

std::vector<std::string> bundledSpecNames() { return {"demo", "lenet5"}; }

nlohmann::json loadNetworkSpec(const std::string& name)
{
    const std::vector<std::string> bundled = bundledSpecNames();
    const bool isBundled = std::find(bundled.begin(), bundled.end(), name) != bundled.end();
    const std::string path = isBundled ? resourcesFolder() + "/models/" + name + "-spec.json" : name;
    return parseJsonText(readWholeFile(path), path);
}

} // namespace colcomb
