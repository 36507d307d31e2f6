#pragma once
// Text that came out of a file, made safe to print in a message: valid UTF-8 stays as it is,
// control characters (other than line breaks and tabs) and bytes that are not UTF-8 become \xNN,
// so an error about a binary file cannot garble the terminal or the dialog that shows it.
#include <string>
#include <string_view>

namespace colcomb {

std::string printableText(std::string_view text);

} // namespace colcomb
