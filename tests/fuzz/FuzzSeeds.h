#pragma once
// Each fuzz target names a few valid inputs to start from; the seeded driver mutates them.
#include <string>
#include <vector>

std::vector<std::string> colcombFuzzSeeds();
