#include "nn/Layers.h"

#include "matrix/RandomMatrix.h"

#include <cmath>
#include <stdexcept>

namespace colcomb {

// ---- Conv1x1 -------------------------------------------------------------------------------

namespace {

int checkedFanIn(int in, int out, int kernel, int stride, int padding, const char* type)
{
    if (in < 1 || out < 1 || kernel < 1 || stride < 1 || padding < 0)
        throw std::invalid_argument(std::string(type) + " needs in, out, kernel, stride >= 1 and padding >= 0");
    return in * kernel * kernel;
}

} // namespace

Conv1x1::Conv1x1(int in, int out, int stride_, bool withBias, std::uint64_t seed)
    : FilterLayer(out, checkedFanIn(in, out, 1, stride_, 0, "conv1x1"), withBias, seed), stride(stride_)
{
}

Tensor Conv1x1::forward(const Tensor& in, bool)
{
    if (in.channels() != weight.cols())
        throw std::invalid_argument("conv1x1 expects " + std::to_string(weight.cols()) + " channels, got " + std::to_string(in.channels()));
    m_inHeight = in.height;
    m_inWidth = in.width;
    if (stride == 1) m_input = in;
    else {
        const int h = (in.height + stride - 1) / stride;
        const int w = (in.width + stride - 1) / stride;
        m_input = Tensor::zeros(in.channels(), in.batch, h, w);
        for (int b = 0; b < in.batch; ++b)
            for (int y = 0; y < h; ++y)
                for (int x = 0; x < w; ++x)
                    m_input.x.col((static_cast<Eigen::Index>(b) * h + y) * w + x) =
                        in.x.col((static_cast<Eigen::Index>(b) * in.height + y * stride) * in.width + x * stride);
    }
    Tensor out{weight * m_input.x, in.batch, m_input.height, m_input.width};
    if (bias.size()) out.x.colwise() += bias.col(0);
    return out;
}

Tensor Conv1x1::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_input.x.transpose();
    if (bias.size()) biasGrad += gradOut.x.rowwise().sum();
    Matrix g = weight.transpose() * gradOut.x;
    if (stride == 1) return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
    Tensor full = Tensor::zeros(static_cast<int>(weight.cols()), gradOut.batch, m_inHeight, m_inWidth);
    for (int b = 0; b < gradOut.batch; ++b)
        for (int y = 0; y < gradOut.height; ++y)
            for (int x = 0; x < gradOut.width; ++x)
                full.x.col((static_cast<Eigen::Index>(b) * m_inHeight + y * stride) * m_inWidth + x * stride) =
                    g.col((static_cast<Eigen::Index>(b) * gradOut.height + y) * gradOut.width + x);
    return full;
}

nlohmann::json Conv1x1::spec() const
{
    nlohmann::json s = baseSpec(linear ? "linear" : "conv1x1");
    if (linear) s.erase("bias");  // always biased
    else s["stride"] = stride;
    return s;
}

// ---- Shift ---------------------------------------------------------------------------------

Shift::Shift(int channels, std::uint64_t seed) : dy(static_cast<std::size_t>(channels)), dx(static_cast<std::size_t>(channels))
{
    SplitMix64 rng(seed);
    const auto draw = [&] {
        const double u = rng.uniform();
        return u < 0.3 ? -1 : (u < 0.7 ? 0 : 1);
    };
    for (int c = 0; c < channels; ++c) {
        dy[static_cast<std::size_t>(c)] = draw();
        dx[static_cast<std::size_t>(c)] = draw();
    }
}

// out(c, y, x) = in(c, y + sign*dy, x + sign*dx), zero outside the image.
Tensor Shift::move(const Tensor& t, int sign) const
{
    if (static_cast<std::size_t>(t.channels()) != dy.size())
        throw std::invalid_argument("shift has " + std::to_string(dy.size()) + " channels, got " + std::to_string(t.channels()));
    Tensor out = Tensor::zeros(t.channels(), t.batch, t.height, t.width);
    for (int c = 0; c < t.channels(); ++c) {
        const int oy = sign * dy[static_cast<std::size_t>(c)];
        const int ox = sign * dx[static_cast<std::size_t>(c)];
        const float* src = t.x.row(c).data();
        float* dst = out.x.row(c).data();
        for (int b = 0; b < t.batch; ++b)
            for (int y = std::max(0, -oy); y < std::min(t.height, t.height - oy); ++y) {
                const std::size_t rowOut = (static_cast<std::size_t>(b) * t.height + y) * t.width;
                const std::size_t rowIn = (static_cast<std::size_t>(b) * t.height + y + oy) * t.width;
                for (int x = std::max(0, -ox); x < std::min(t.width, t.width - ox); ++x) dst[rowOut + x] = src[rowIn + x + ox];
            }
    }
    return out;
}

Tensor Shift::forward(const Tensor& in, bool) { return move(in, 1); }
Tensor Shift::backward(const Tensor& gradOut) { return move(gradOut, -1); }

nlohmann::json Shift::state() const { return {{"dy", dy}, {"dx", dx}}; }

void Shift::setState(const nlohmann::json& s)
{
    auto y = s.at("dy").get<std::vector<int>>();
    auto x = s.at("dx").get<std::vector<int>>();
    if (y.size() != dy.size() || x.size() != dx.size()) throw std::invalid_argument("shift state has the wrong channel count");
    for (int v : y) if (v < -1 || v > 1) throw std::invalid_argument("shift offsets must be -1, 0 or 1");
    for (int v : x) if (v < -1 || v > 1) throw std::invalid_argument("shift offsets must be -1, 0 or 1");
    dy = std::move(y);
    dx = std::move(x);
}

// ---- BatchNorm -----------------------------------------------------------------------------

BatchNorm::BatchNorm(int channels)
    : gamma(Matrix::Ones(channels, 1)), beta(Matrix::Zero(channels, 1)), gammaGrad(Matrix::Zero(channels, 1)),
      betaGrad(Matrix::Zero(channels, 1)), runningMean(Eigen::VectorXf::Zero(channels)), runningVar(Eigen::VectorXf::Ones(channels))
{
}

Tensor BatchNorm::forward(const Tensor& in, bool training)
{
    if (in.channels() != gamma.rows())
        throw std::invalid_argument("batchnorm has " + std::to_string(gamma.rows()) + " channels, got " + std::to_string(in.channels()));
    const auto n = static_cast<float>(in.x.cols());
    Eigen::VectorXf mean, var;
    if (training) {
        mean = in.x.rowwise().mean();
        var = (in.x.colwise() - mean).array().square().rowwise().sum() / n;
        runningMean = (1 - momentum) * runningMean + momentum * mean;
        runningVar = (1 - momentum) * runningVar + momentum * var * (n > 1 ? n / (n - 1) : 1.0f);
    } else {
        mean = runningMean;
        var = runningVar;
    }
    m_invStd = (var.array() + eps).rsqrt();
    m_normalized = (in.x.colwise() - mean).array().colwise() * m_invStd.array();
    m_shape = {Matrix(), in.batch, in.height, in.width};
    Tensor out{(m_normalized.array().colwise() * gamma.col(0).array()).colwise() + beta.col(0).array(), in.batch, in.height, in.width};
    return out;
}

Tensor BatchNorm::backward(const Tensor& gradOut)
{
    const auto n = static_cast<float>(gradOut.x.cols());
    gammaGrad.col(0) += (gradOut.x.array() * m_normalized.array()).rowwise().sum().matrix();
    betaGrad.col(0) += gradOut.x.rowwise().sum();
    const Matrix dxhat = gradOut.x.array().colwise() * gamma.col(0).array();
    const Eigen::VectorXf sum = dxhat.rowwise().sum();
    const Eigen::VectorXf dot = (dxhat.array() * m_normalized.array()).rowwise().sum();
    Matrix g = ((n * dxhat.array()).colwise() - sum.array() - m_normalized.array().colwise() * dot.array()).colwise() * (m_invStd.array() / n);
    return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
}

std::vector<Parameter> BatchNorm::parameters() { return {{"gamma", &gamma, &gammaGrad, nullptr}, {"beta", &beta, &betaGrad, nullptr}}; }

nlohmann::json BatchNorm::state() const
{
    return {{"running_mean", std::vector<float>(runningMean.data(), runningMean.data() + runningMean.size())},
            {"running_var", std::vector<float>(runningVar.data(), runningVar.data() + runningVar.size())}};
}

void BatchNorm::setState(const nlohmann::json& s)
{
    const auto mean = s.at("running_mean").get<std::vector<float>>();
    const auto var = s.at("running_var").get<std::vector<float>>();
    if (mean.size() != static_cast<std::size_t>(runningMean.size()) || var.size() != mean.size())
        throw std::invalid_argument("batchnorm state has the wrong channel count");
    runningMean = Eigen::Map<const Eigen::VectorXf>(mean.data(), static_cast<Eigen::Index>(mean.size()));
    runningVar = Eigen::Map<const Eigen::VectorXf>(var.data(), static_cast<Eigen::Index>(var.size()));
}

// ---- ReLU / ReLU6 --------------------------------------------------------------------------

Tensor Relu::forward(const Tensor& in, bool)
{
    m_in = in.x;
    Matrix y = m_cap > 0 ? Matrix(in.x.cwiseMax(0.0f).cwiseMin(m_cap)) : Matrix(in.x.cwiseMax(0.0f));
    return {std::move(y), in.batch, in.height, in.width};
}

Tensor Relu::backward(const Tensor& gradOut)
{
    const float cap = m_cap > 0 ? m_cap : std::numeric_limits<float>::infinity();
    Matrix g = gradOut.x.array() * (m_in.array() > 0.0f && m_in.array() < cap).cast<float>();
    return {std::move(g), gradOut.batch, gradOut.height, gradOut.width};
}

// ---- Global average pooling ----------------------------------------------------------------

Tensor GlobalAvgPool::forward(const Tensor& in, bool)
{
    m_height = in.height;
    m_width = in.width;
    const int p = in.positions();
    Tensor out = Tensor::zeros(in.channels(), in.batch, 1, 1);
    for (int b = 0; b < in.batch; ++b) out.x.col(b) = in.x.middleCols(static_cast<Eigen::Index>(b) * p, p).rowwise().mean();
    return out;
}

Tensor GlobalAvgPool::backward(const Tensor& gradOut)
{
    const int p = m_height * m_width;
    Tensor g = Tensor::zeros(gradOut.channels(), gradOut.batch, m_height, m_width);
    for (int b = 0; b < gradOut.batch; ++b)
        g.x.middleCols(static_cast<Eigen::Index>(b) * p, p).colwise() = gradOut.x.col(b) / static_cast<float>(p);
    return g;
}

// ---- Conv2d (im2col) -----------------------------------------------------------------------

Conv2d::Conv2d(int in, int out, int kernel_, int stride_, int padding_, bool withBias, std::uint64_t seed)
    : FilterLayer(out, checkedFanIn(in, out, kernel_, stride_, padding_, "conv"), withBias, seed), kernel(kernel_), stride(stride_), padding(padding_)
{
}

Tensor Conv2d::forward(const Tensor& in, bool)
{
    if (in.channels() * kernel * kernel != weight.cols()) throw std::invalid_argument("conv expects " + std::to_string(weight.cols() / (kernel * kernel)) + " channels");
    m_inChannels = in.channels();
    m_inHeight = in.height;
    m_inWidth = in.width;
    m_batch = in.batch;
    const int oh = outSize(in.height);
    const int ow = outSize(in.width);
    if (oh < 1 || ow < 1) throw std::invalid_argument("conv kernel larger than its (padded) input");
    m_columns = Matrix::Zero(weight.cols(), static_cast<Eigen::Index>(in.batch) * oh * ow);
    for (int c = 0; c < in.channels(); ++c)
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx) {
                float* row = m_columns.row((c * kernel + ky) * kernel + kx).data();
                const float* src = in.x.row(c).data();
                for (int b = 0; b < in.batch; ++b)
                    for (int y = 0; y < oh; ++y) {
                        const int iy = y * stride + ky - padding;
                        if (iy < 0 || iy >= in.height) continue;
                        for (int x = 0; x < ow; ++x) {
                            const int ix = x * stride + kx - padding;
                            if (ix >= 0 && ix < in.width)
                                row[(static_cast<std::size_t>(b) * oh + y) * ow + x] = src[(static_cast<std::size_t>(b) * in.height + iy) * in.width + ix];
                        }
                    }
            }
    Tensor out{weight * m_columns, in.batch, oh, ow};
    if (bias.size()) out.x.colwise() += bias.col(0);
    return out;
}

Tensor Conv2d::backward(const Tensor& gradOut)
{
    weightGrad.noalias() += gradOut.x * m_columns.transpose();
    if (bias.size()) biasGrad += gradOut.x.rowwise().sum();
    const Matrix columns = weight.transpose() * gradOut.x;
    Tensor g = Tensor::zeros(m_inChannels, m_batch, m_inHeight, m_inWidth);
    const int oh = gradOut.height;
    const int ow = gradOut.width;
    for (int c = 0; c < m_inChannels; ++c)
        for (int ky = 0; ky < kernel; ++ky)
            for (int kx = 0; kx < kernel; ++kx) {
                const float* row = columns.row((c * kernel + ky) * kernel + kx).data();
                float* dst = g.x.row(c).data();
                for (int b = 0; b < m_batch; ++b)
                    for (int y = 0; y < oh; ++y) {
                        const int iy = y * stride + ky - padding;
                        if (iy < 0 || iy >= m_inHeight) continue;
                        for (int x = 0; x < ow; ++x) {
                            const int ix = x * stride + kx - padding;
                            if (ix >= 0 && ix < m_inWidth)
                                dst[(static_cast<std::size_t>(b) * m_inHeight + iy) * m_inWidth + ix] += row[(static_cast<std::size_t>(b) * oh + y) * ow + x];
                        }
                    }
            }
    return g;
}

nlohmann::json Conv2d::spec() const
{
    nlohmann::json s = baseSpec("conv");
    s["kernel"] = kernel;
    s["stride"] = stride;
    s["padding"] = padding;
    return s;
}

// ---- Max pooling ---------------------------------------------------------------------------

Tensor MaxPool::forward(const Tensor& in, bool)
{
    m_inHeight = in.height;
    m_inWidth = in.width;
    const int oh = in.height / m_size;
    const int ow = in.width / m_size;
    if (oh < 1 || ow < 1) throw std::invalid_argument("maxpool window larger than its input");
    Tensor out = Tensor::zeros(in.channels(), in.batch, oh, ow);
    m_argmax.assign(static_cast<std::size_t>(out.x.size()), 0);
    for (int c = 0; c < in.channels(); ++c)
        for (int b = 0; b < in.batch; ++b)
            for (int y = 0; y < oh; ++y)
                for (int x = 0; x < ow; ++x) {
                    Eigen::Index best = (static_cast<Eigen::Index>(b) * in.height + y * m_size) * in.width + x * m_size;
                    for (int dy = 0; dy < m_size; ++dy)
                        for (int dx = 0; dx < m_size; ++dx) {
                            const Eigen::Index k = (static_cast<Eigen::Index>(b) * in.height + y * m_size + dy) * in.width + x * m_size + dx;
                            if (in.x(c, k) > in.x(c, best)) best = k;
                        }
                    const Eigen::Index o = (static_cast<Eigen::Index>(b) * oh + y) * ow + x;
                    out.x(c, o) = in.x(c, best);
                    m_argmax[static_cast<std::size_t>(c * out.x.cols() + o)] = best;
                }
    return out;
}

Tensor MaxPool::backward(const Tensor& gradOut)
{
    Tensor g = Tensor::zeros(gradOut.channels(), gradOut.batch, m_inHeight, m_inWidth);
    for (int c = 0; c < gradOut.channels(); ++c)
        for (Eigen::Index o = 0; o < gradOut.x.cols(); ++o) g.x(c, m_argmax[static_cast<std::size_t>(c * gradOut.x.cols() + o)]) += gradOut.x(c, o);
    return g;
}

// ---- Flatten -------------------------------------------------------------------------------

Tensor Flatten::forward(const Tensor& in, bool)
{
    m_channels = in.channels();
    m_height = in.height;
    m_width = in.width;
    const int p = in.positions();
    Tensor out = Tensor::zeros(in.channels() * p, in.batch, 1, 1);
    for (int c = 0; c < in.channels(); ++c)
        for (int b = 0; b < in.batch; ++b)
            for (int k = 0; k < p; ++k) out.x(c * p + k, b) = in.x(c, static_cast<Eigen::Index>(b) * p + k);
    return out;
}

Tensor Flatten::backward(const Tensor& gradOut)
{
    const int p = m_height * m_width;
    Tensor g = Tensor::zeros(m_channels, gradOut.batch, m_height, m_width);
    for (int c = 0; c < m_channels; ++c)
        for (int b = 0; b < gradOut.batch; ++b)
            for (int k = 0; k < p; ++k) g.x(c, static_cast<Eigen::Index>(b) * p + k) = gradOut.x(c * p + k, b);
    return g;
}

// ---- Loss ----------------------------------------------------------------------------------

float softmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix& grad)
{
    const Eigen::Index batch = logits.cols();
    if (static_cast<std::size_t>(batch) != labels.size()) throw std::invalid_argument("one label per column of logits is needed");
    grad.resize(logits.rows(), batch);
    double loss = 0.0;
    for (Eigen::Index b = 0; b < batch; ++b) {
        const float top = logits.col(b).maxCoeff();
        const Eigen::VectorXf e = (logits.col(b).array() - top).exp();
        const float sum = e.sum();
        grad.col(b) = e / sum;
        loss -= std::log(std::max(grad(labels[static_cast<std::size_t>(b)], b), 1e-30f));
        grad(labels[static_cast<std::size_t>(b)], b) -= 1.0f;
    }
    grad /= static_cast<float>(batch);
    return static_cast<float>(loss / static_cast<double>(batch));
}

} // namespace colcomb
