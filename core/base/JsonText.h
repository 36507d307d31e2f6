#pragma once
// Every JSON file the project reads (models, workspaces, packed layers, energy costs, network
// specs) is parsed the same way: malformed text becomes a FileError naming the file.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace colcomb {

nlohmann::json parseJsonText(std::string_view text, const std::string& name);

} // namespace colcomb
