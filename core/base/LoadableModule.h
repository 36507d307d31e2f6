#pragma once
// Libraries that cost a program's start more than the work most commands do (libonnx and
// protobuf 3 ms, libzip with libcrypto 1.5 ms, against 3 ms for a whole start) are linked into
// modules of our own and loaded the first time they are needed. A module is looked for beside
// the running program (a copied build), then where the build put it.
#include <string>

namespace colcomb {

// The address of `entry` in the module `buildPath` names, loaded once per module (thread-safe).
// Throws FileError(forFile, ...) saying what `purpose` needs and why the module did not load.
void* moduleEntry(const std::string& buildPath, const char* entry, const std::string& forFile, const std::string& purpose);

} // namespace colcomb
