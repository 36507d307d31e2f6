#include "training/TrainingRun.h"

#include <chrono>

namespace colcomb {

nlohmann::json TrainSettings::toJson() const
{
    return {{"epochs", epochs},
            {"batch", batch},
            {"lr", sgd.learningRate},
            {"momentum", sgd.momentum},
            {"weight_decay", sgd.weightDecay},
            {"l1", joint.l1},
            {"data_fraction", dataFraction},
            {"combine", combine},
            {"augment", augment},
            {"method", methodChoiceName(joint.method)},
            {"gamma", joint.gamma},
            {"prune_steps", joint.schedule.steps},
            {"prune_final", joint.schedule.finalProgress},
            {"prune_span", joint.schedule.span},
            {"array", {array.rows, array.cols}}};
}

TrainSettings TrainSettings::fromJson(const nlohmann::json& j)
{
    TrainSettings s;
    s.epochs = j.value("epochs", s.epochs);
    s.batch = j.value("batch", s.batch);
    s.sgd.learningRate = j.value("lr", s.sgd.learningRate);
    s.sgd.momentum = j.value("momentum", s.sgd.momentum);
    s.sgd.weightDecay = j.value("weight_decay", s.sgd.weightDecay);
    s.joint.l1 = j.value("l1", s.joint.l1);
    s.dataFraction = j.value("data_fraction", s.dataFraction);
    s.combine = j.value("combine", s.combine);
    s.augment = j.value("augment", s.augment);
    const MethodChoice method = parseMethodChoice(j.value("method", std::string("pairwise"))).value_or(MethodChoice{});
    s.joint.method = method;
    s.joint.gamma = j.value("gamma", s.joint.gamma);
    s.joint.schedule.steps = j.value("prune_steps", s.joint.schedule.steps);
    s.joint.schedule.finalProgress = j.value("prune_final", s.joint.schedule.finalProgress);
    s.joint.schedule.span = j.value("prune_span", s.joint.schedule.span);
    if (j.contains("array") && j["array"].size() == 2) s.array = {j["array"][0].get<int>(), j["array"][1].get<int>()};
    return s;
}

nlohmann::json EpochReport::toJson() const
{
    return {{"epoch", epoch}, {"train_loss", trainLoss}, {"test_accuracy", testAccuracy}, {"nnz", nnz},
            {"utilization", utilization}, {"tiles", tiles}, {"seconds", seconds}, {"images_per_second", imagesPerSecond}};
}

TrainingRun::TrainingRun(Model model, Dataset train, Dataset test, TrainSettings settings)
    : m_model(std::move(model)), m_train(std::move(train)), m_test(std::move(test)), m_settings(settings),
      m_sgd(m_model.net.parameters(), settings.sgd)
{
    if (m_train.channels != m_model.net.inputChannels() || m_train.height != m_model.net.inputHeight() || m_train.width != m_model.net.inputWidth())
        throw std::invalid_argument("the data set's images (" + std::to_string(m_train.channels) + " x " + std::to_string(m_train.height) + " x "
                                    + std::to_string(m_train.width) + ") do not fit the network's input");
    if (!m_model.velocity.empty()) m_sgd.velocity() = m_model.velocity;
    if (m_settings.dataFraction < 1.0) m_train = subset(m_train, stratifiedSubset(m_train.labels, m_settings.dataFraction, m_model.state.seed));
    m_model.state.settings = m_settings.toJson();
    if (m_model.state.groups.empty()) m_model.state.groups.resize(m_model.net.filterLayers().size());
}

std::optional<EpochReport> TrainingRun::runEpoch(const std::function<void(const EpochProgress&)>& onBatch, const std::atomic<bool>* cancel)
{
    TrainingState& st = m_model.state;
    const int epoch = st.epoch;
    const auto started = std::chrono::steady_clock::now();
    const std::vector<int> pruneEpochs = m_settings.joint.schedule.epochs(m_settings.epochs);
    const int lastPruneEpoch = pruneEpochs.empty() ? -1 : pruneEpochs.back();
    if (m_settings.combine && st.batch == 0)
        for (std::size_t i = 0; i < pruneEpochs.size(); ++i)
            if (pruneEpochs[i] == epoch) {
                const std::vector<ColumnGroups> groups = pruneAndCombine(m_model.net, m_settings.joint.schedule.progress(static_cast<int>(i)), m_settings.joint,
                                                                                 &m_model.conflictPruned);
                for (std::size_t k = 0; k < groups.size(); ++k)
                    if (!groups[k].empty()) st.groups[k] = groups[k];
            }
    m_sgd.setL1(m_settings.combine && epoch <= lastPruneEpoch ? m_settings.joint.l1 : 0.0f);
    const long long totalSteps = static_cast<long long>(m_settings.epochs) * static_cast<long long>((m_train.size() + m_settings.batch - 1) / m_settings.batch);
    const std::size_t firstBatch = st.batch;
    const EpochOptions options{m_settings.batch, st.seed, m_settings.sgd.learningRate, totalSteps, firstBatch, m_settings.augment};
    const EpochResult r = trainEpoch(m_model.net, m_sgd, m_train, epoch, options, st.step, onBatch, cancel);
    m_model.velocity = m_sgd.velocity();
    if (r.cancelled) {
        st.batch = r.batchesDone;
        return std::nullopt;
    }
    st.batch = 0;
    st.epoch = epoch + 1;
    EpochReport report;
    report.epoch = st.epoch;
    report.trainLoss = r.trainLoss;
    const double trained = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::size_t images = m_train.size() - std::min(m_train.size(), firstBatch * m_settings.batch);
    report.imagesPerSecond = trained > 0 ? static_cast<double>(images) / trained : 0.0;
    report.testAccuracy = evaluateAccuracy(m_model.net, m_test);
    const ModelPacking packing = measureModelPacking(m_model.net, st.groups, m_settings.joint, m_settings.array);
    report.nnz = packing.nnz;
    report.utilization = packing.utilization();
    report.tiles = packing.tiles;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    st.history.push_back(report.toJson());
    return report;
}

void TrainingRun::save(const std::string& path)
{
    m_model.velocity = m_sgd.velocity();
    saveModel(path, m_model.net, m_model.state, m_model.velocity, m_model.conflictPruned);
}

} // namespace colcomb
