#include "nn/Bundled.h"

#include "io/AtomicFile.h"
#include "io/FileError.h"

namespace colcomb {

std::string resourcesFolder() { return COLCOMB_RESOURCES_DIR; }

std::string modelPath(const std::string& name)
{
    if (name == "demo" || name == "demo-dense") return resourcesFolder() + "/models/" + name + ".json";
    return name;
}

nlohmann::json loadNetworkSpec(const std::string& name)
{
    const std::string path = name == "demo" ? resourcesFolder() + "/models/demo-spec.json" : name;
    try {
        return nlohmann::json::parse(readWholeFile(path));
    } catch (const nlohmann::json::parse_error& e) {
        throw FileError(path, std::string("not valid JSON: ") + e.what());
    }
}

} // namespace colcomb
