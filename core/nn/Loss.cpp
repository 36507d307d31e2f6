#include "nn/Loss.h"

#include <cmath>
#include <stdexcept>

namespace colcomb {

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
