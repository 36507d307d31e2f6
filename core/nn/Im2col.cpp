#include "nn/Im2col.h"

namespace colcomb {

namespace {

// Calls move(tapRow, channel, outIndex, inIndex) for every tap that falls inside the image.
template <typename Move>
void forEachTap(const ConvGeometry& g, Move move)
{
    const int oh = g.outHeight();
    const int ow = g.outWidth();
    for (int c = 0; c < g.channels; ++c)
        for (int ky = 0; ky < g.kernel; ++ky)
            for (int kx = 0; kx < g.kernel; ++kx) {
                const Eigen::Index tap = (static_cast<Eigen::Index>(c) * g.kernel + ky) * g.kernel + kx;
                for (int b = 0; b < g.batch; ++b)
                    for (int y = 0; y < oh; ++y) {
                        const int iy = y * g.stride + ky - g.padding;
                        if (iy < 0 || iy >= g.height) continue;
                        for (int x = 0; x < ow; ++x) {
                            const int ix = x * g.stride + kx - g.padding;
                            if (ix >= 0 && ix < g.width)
                                move(tap, c, (static_cast<std::size_t>(b) * oh + y) * ow + x, (static_cast<std::size_t>(b) * g.height + iy) * g.width + ix);
                        }
                    }
            }
}

} // namespace

Matrix im2col(const Tensor& in, const ConvGeometry& g)
{
    Matrix columns = Matrix::Zero(g.taps(), g.outPositions());
    forEachTap(g, [&](Eigen::Index tap, int c, std::size_t out, std::size_t from) { columns.data()[tap * columns.cols() + static_cast<Eigen::Index>(out)] = in.x.data()[c * in.x.cols() + static_cast<Eigen::Index>(from)]; });
    return columns;
}

Tensor col2im(const Matrix& columns, const ConvGeometry& g)
{
    Tensor t = Tensor::zeros(g.channels, g.batch, g.height, g.width);
    forEachTap(g, [&](Eigen::Index tap, int c, std::size_t out, std::size_t to) { t.x.data()[c * t.x.cols() + static_cast<Eigen::Index>(to)] += columns.data()[tap * columns.cols() + static_cast<Eigen::Index>(out)]; });
    return t;
}

} // namespace colcomb
