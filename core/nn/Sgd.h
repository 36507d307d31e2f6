#pragma once
// SGD with momentum, weight decay and an optional L1 penalty, as the released recipe trains.
// Masked weights get neither gradient nor update, so pruned weights stay exactly zero.
#include "nn/Layer.h"

namespace colcomb {

struct SgdSettings {
    float learningRate = 0.1f;
    float momentum = 0.9f;
    float weightDecay = 1e-4f;
    float l1 = 0.0f;
};

class Sgd {
public:
    Sgd(std::vector<Parameter> parameters, SgdSettings settings);
    void step(float learningRate);
    void setL1(float l1) { m_settings.l1 = l1; }
    const SgdSettings& settings() const { return m_settings; }
    // Momentum buffers, in parameter order: saved with a checkpoint so training resumes exactly.
    std::vector<Matrix>& velocity() { return m_velocity; }

private:
    std::vector<Parameter> m_parameters;
    std::vector<Matrix> m_velocity;
    SgdSettings m_settings;
};

// Cosine annealing from `base` to 0 over `total` steps.
float cosineLearningRate(float base, long long step, long long total);

} // namespace colcomb
