#pragma once
// SCALE-Sim topology files: one convolution per line,
//   Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
// after a header line naming the columns (a trailing comma is usual). They give shapes, no
// weights: the filter matrix is filters x channels*fh*fw, and the layer streams
// ((H - fh) / stride + 1) x ((W - fw) / stride + 1) vectors per sample, as SCALE-Sim counts them
// (its IFMAP sizes include any padding).
#include <string>
#include <string_view>
#include <vector>

namespace colcomb {

struct TopologyLayer {
    std::string name;
    int ifmapHeight = 0;
    int ifmapWidth = 0;
    int filterHeight = 0;
    int filterWidth = 0;
    int channels = 0;
    int filters = 0;
    int stride = 1;

    long long outputPositions() const;
};

// True when the first non-empty line is a SCALE-Sim header (it names "IFMAP Height").
bool looksLikeScaleSimTopology(std::string_view text);
// Throws FileError naming the line and field of a bad row.
std::vector<TopologyLayer> parseScaleSimTopology(std::string_view text, const std::string& name);

} // namespace colcomb
