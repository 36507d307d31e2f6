#include "io/JsonText.h"

#include "io/FileError.h"

namespace colcomb {

nlohmann::json parseJsonText(std::string_view text, const std::string& name)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw FileError(name, std::string("not valid JSON: ") + e.what());
    }
}

} // namespace colcomb
