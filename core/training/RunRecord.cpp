#include "training/RunRecord.h"

#include "data/Dataset.h"
#include "training/Bundled.h"

#include <algorithm>
#include <filesystem>

namespace colcomb {

void addOrReplaceRun(std::vector<RunRecord>& runs, RunRecord run)
{
    const auto same = std::find_if(runs.begin(), runs.end(), [&](const RunRecord& r) { return r.modelPath == run.modelPath; });
    if (same != runs.end()) *same = std::move(run);
    else runs.push_back(std::move(run));
}

RunRecord evaluateRun(const std::string& model, const std::string& dataset, const std::string& dataDir, int bits, std::string name,
                      const std::atomic<bool>* cancel)
{
    const std::string file = std::filesystem::absolute(modelPath(model)).lexically_normal().string();
    Model loaded = loadModel(file);
    RunRecord run;
    run.name = name.empty() ? std::filesystem::path(file).stem().string() : std::move(name);
    run.modelPath = file;
    run.dataset = dataset;
    run.settings = loaded.state.settings;
    run.history = loaded.state.history;
    run.evaluation = evaluateModel(loaded, loadDatasetByName(dataset, dataDir, false), bits, cancel);
    return run;
}

} // namespace colcomb
