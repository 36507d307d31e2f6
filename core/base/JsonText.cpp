#include "base/JsonText.h"

#include "base/FileError.h"

namespace colcomb {

nlohmann::json parseJsonText(std::string_view text, const std::string& name)
{
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw FileError(name, std::string("not valid JSON: ") + e.what());
    } catch (const nlohmann::json::out_of_range& e) {
        // A number too large for a double (1e999): valid JSON syntax, but no value we can hold.
        throw FileError(name, std::string("a number is out of range: ") + e.what());
    }
}

} // namespace colcomb
