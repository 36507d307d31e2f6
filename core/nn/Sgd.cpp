#include "nn/Sgd.h"

#include <cmath>
#include <numbers>

namespace colcomb {

Sgd::Sgd(std::vector<Parameter> parameters, SgdSettings settings) : m_parameters(std::move(parameters)), m_settings(settings)
{
    for (const Parameter& p : m_parameters) m_velocity.push_back(Matrix::Zero(p.value->rows(), p.value->cols()));
}

void Sgd::step(float lr)
{
    for (std::size_t i = 0; i < m_parameters.size(); ++i) {
        Parameter& p = m_parameters[i];
        Matrix g = *p.grad;
        // Weight decay and L1 act on prunable weights only, as in the recipe (not on BN or biases).
        if (p.mask) {
            g += m_settings.weightDecay * *p.value;
            if (m_settings.l1 > 0) g += m_settings.l1 * p.value->cwiseSign();
            g = g.cwiseProduct(*p.mask);
        }
        m_velocity[i] = m_settings.momentum * m_velocity[i] + g;
        *p.value -= lr * m_velocity[i];
        if (p.mask) *p.value = p.value->cwiseProduct(*p.mask);
    }
}

float cosineLearningRate(float base, long long step, long long total)
{
    if (total <= 0) return base;
    return static_cast<float>(0.5 * base * (1.0 + std::cos(std::numbers::pi * static_cast<double>(step) / static_cast<double>(total))));
}

} // namespace colcomb
