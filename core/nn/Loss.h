#pragma once
// The training loss.
#include "nn/Tensor.h"

#include <vector>

namespace colcomb {

// Mean softmax cross-entropy of logits (classes x batch) against labels; fills the gradient.
float softmaxCrossEntropy(const Matrix& logits, const std::vector<int>& labels, Matrix& grad);

} // namespace colcomb
