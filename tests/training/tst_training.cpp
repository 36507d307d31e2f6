// The training layer: runs that start from a spec or a model, the joint schedule's pruning and
// column combining, model evaluation, model files that resume exactly, quantized inference equal to
// the simulator's integers, augmentation and the learning-rate schedule.
#include "matrix/RandomMatrix.h"
#include "base/AtomicFile.h"
#include "base/FileError.h"
#include "base/ZipArchive.h"
#include "nn/Network.h"
#include "training/Bundled.h"
#include "training/ModelEvaluation.h"
#include "training/ModelFile.h"
#include "training/QuantizedInference.h"
#include "training/RunStart.h"
#include "training/TrainingRun.h"
#include "training/TrainingSession.h"
#include "base/ParameterError.h"
#include "systolic/Simulator.h"
#include "../support/RandomTensor.h"
#include "../support/TestSupport.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

using namespace colcomb;
using colcomb::test::errorOf;
using colcomb::test::randomTensor;

namespace {

// Every group within alpha, and one weight per row per group (column-combine pruning's promise).
bool packedWithinAlpha(const Matrix& weight, const ColumnGroups& groups, std::size_t alpha)
{
    for (const ColumnGroup& g : groups) {
        if (g.size() > alpha) return false;
        for (Eigen::Index r = 0; r < weight.rows(); ++r) {
            int kept = 0;
            for (int c : g) kept += weight(r, c) != 0.0f;
            if (kept > 1) return false;
        }
    }
    return true;
}

TrainingState seeded(std::uint64_t seed)
{
    TrainingState s;
    s.seed = seed;
    return s;
}

// Two classes of 4 x 4 images: bright top half or bright bottom half, with noise.
Dataset separableData(int n, std::uint64_t seed)
{
    SplitMix64 rng(seed);
    Dataset d;
    d.channels = 1;
    d.height = d.width = 4;
    d.classes = 2;
    for (int b = 0; b < n; ++b) {
        d.labels.push_back(b % 2);
        for (int p = 0; p < 16; ++p) d.images.push_back(static_cast<float>(((p < 8) == (b % 2 == 0) ? 0.8 : -0.8) + 0.3 * rng.normal()));
    }
    return d;
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void runsStartFromASpecOrAPretrainedModel()
    {
        QCOMPARE(parseAlphaList("1, 4,8"), (std::vector<int>{1, 4, 8}));
        QVERIFY(parseAlphaList("").empty());
        for (const char* bad : {"1,,4", "0", "4x", "1;4", "-2"})
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseAlphaList(bad));
        // The bundled shift network, its stages overridden; LeNet-5's layers keep their own.
        Model shift = startingModel({"demo", {1, 2, 2}, {}, 3});
        QCOMPARE(shift.net.alphas().back(), 1);  // the classifier
        QCOMPARE(shift.net.alphas()[shift.net.alphas().size() - 2], 2);
        QCOMPARE(startingModel({"lenet5", {}, {}, 1}).net.alphas(), (std::vector<int>{1, 8, 8, 8, 1}));
        try {
            startingModel({"lenet5", {1, 4}, {}, 1});
            QFAIL("no error");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString(e.what()).contains("layer list"));
        }
        // A pretrained start keeps weights, masks and groups, and starts a fresh schedule.
        const QString path = QDir(m_dir.path()).filePath("pretrained.json");
        TrainingState state;
        state.epoch = 7;
        state.step = 99;
        state.groups = pruneAndCombine(shift.net, 0.8, {});
        saveModel(path.toStdString(), shift.net, state, {});
        const Model pre = startingModel({"demo", {}, path.toStdString(), 5});
        QCOMPARE(pre.state.epoch, 0);
        QCOMPARE(pre.state.step, 0LL);
        QCOMPARE(pre.state.seed, std::uint64_t{5});
        QCOMPARE(pre.state.groups, state.groups);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, startingModel({"demo", {1, 4, 8}, path.toStdString(), 5}));
    }

    void sessionsRefuseBadRequestsBeforeReadingAnyData()
    {
        // Every check is made when the session is made, the one place where the CLI and the
        // studio start runs. The data folder here does not exist, so a problem named at
        // construction was found before any data was read.
        TrainingForm form;
        form.dataset = "mnist";
        form.dataDir = m_dir.filePath("no-data").toStdString();
        form.outDir = m_dir.filePath("refused").toStdString();
        const auto refusal = [](const TrainingForm& f, const std::string& resume = {}) -> std::string {
            try {
                TrainingSession session(f, resume);
            } catch (const ParameterError& e) {
                return e.parameter();
            } catch (const FileError&) {
                return "(file)";
            }
            return "(started)";
        };
        TrainingForm f = form;
        f.epochs = 0;
        QCOMPARE(refusal(f), std::string("epochs"));
        f = form;
        f.method = "best";
        QCOMPARE(refusal(f), std::string("method"));
        f = form;
        f.dataset = "imagenet";
        QCOMPARE(refusal(f), std::string("dataset"));
        f = form;
        f.dataDir.clear();  // mnist has no default folder
        QCOMPARE(refusal(f), std::string("data_dir"));
        f = form;
        f.alpha = "1,x";
        QCOMPARE(refusal(f), std::string("alpha"));
        f = form;
        f.network = "lenet5";  // a layer list: alpha per stage cannot apply
        f.alpha = "1,8";
        QCOMPARE(refusal(f), std::string("alpha"));
        f = form;
        f.outDir.clear();
        QCOMPARE(refusal(f), std::string("out"));
        f = form;
        f.from = m_dir.filePath("missing-model.zip").toStdString();
        QCOMPARE(refusal(f), std::string("(file)"));
        QCOMPARE(refusal(form, m_dir.filePath("missing-checkpoint.zip").toStdString()), std::string("(file)"));
        // A good request makes a session; the missing data set is what running it reports.
        TrainingSession session(form);
        QVERIFY(errorOf([&] { session.run({}); }).find("not found") != std::string::npos);
    }

    void pruningScheduleFollowsTheRecipe()
    {
        PruneSchedule s;
        QCOMPARE(s.epochs(300), (std::vector<int>{0, 15, 30, 45, 60, 75, 90, 105, 120, 135}));
        QCOMPARE(s.progress(0), 0.0);
        QVERIFY(std::fabs(s.progress(1) - 0.8 * (1 - 0.9 * 0.9 * 0.9)) < 1e-12);
        QCOMPARE(s.progress(9), 0.8);
    }

    void pruneAndCombineMasksPackedLayersOnly()
    {
        Network net = Network::fromSpec({{"input", {2, 4, 4}}, {"classes", 3}, {"widths", {16, 32}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 4}}}, 3);
        JointSettings settings;
        settings.gamma = 0.25;
        const std::vector<ColumnGroups> groups = pruneAndCombine(net, 0.8, settings);
        const std::vector<FilterLayer*> convs = net.filterLayers();
        QCOMPARE(groups.size(), convs.size());
        QVERIFY(groups[0].empty() && groups[1].empty() && groups[3].empty());  // alpha 1: dense
        QCOMPARE(convs[1]->mask.sum(), static_cast<float>(convs[1]->mask.size()));
        FilterLayer& packed = *convs[2];
        // At least 0.8 x (1 - 1/4) of the weights are gone, and the mask says which.
        QVERIFY((packed.weight.array() == 0.0f).count() >= static_cast<Eigen::Index>(0.6 * static_cast<double>(packed.weight.size())));
        QVERIFY(((packed.weight.array() != 0.0f) == (packed.mask.array() != 0.0f)).all());
        QVERIFY(packedWithinAlpha(packed.weight, groups[2], 4));
        const ModelPacking p = measureModelPacking(net, groups, settings, {8, 8});
        QVERIFY(p.utilization() > 0.0 && p.utilization() <= 1.0);
        QCOMPARE(p.layers.size(), convs.size());
    }

    void columnCombinePruningDoesNotCompoundOverSteps()
    {
        // Two steps at the same progress with no training between: the second restores the first
        // step's conflicts, ranks the same magnitudes, packs the same groups and keeps the same
        // weights. Conflicts zeroed for good would be pruned again from an already pruned layer.
        const nlohmann::json spec = {{"input", {2, 4, 4}}, {"classes", 3}, {"widths", {16, 48}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 8}}};
        Network net = Network::fromSpec(spec, 3);
        JointSettings settings;
        settings.gamma = 0.5;
        std::vector<Matrix> setAside;
        const std::vector<ColumnGroups> first = pruneAndCombine(net, 0.5, settings, &setAside);
        FilterLayer& packed = *net.filterLayers()[2];
        const Matrix kept = packed.weight;
        QCOMPARE(setAside.size(), net.filterLayers().size());
        QVERIFY(setAside[1].size() == 0);  // alpha 1: nothing set aside
        const Eigen::Index conflicts = (setAside[2].array() != 0.0f).count();
        QVERIFY2(conflicts > 0, "the step pruned no conflicts: the test shows nothing");
        QVERIFY(((setAside[2].array() != 0.0f) && (kept.array() != 0.0f)).count() == 0);  // masked, never both
        const std::vector<ColumnGroups> second = pruneAndCombine(net, 0.5, settings, &setAside);
        QCOMPARE(second, first);
        QVERIFY(packed.weight == kept);
        QCOMPARE((setAside[2].array() != 0.0f).count(), conflicts);
        // Without the set-aside values the second step prunes again what the first had packed.
        Network once = Network::fromSpec(spec, 3);
        pruneAndCombine(once, 0.5, settings);
        pruneAndCombine(once, 0.5, settings);
        QVERIFY((once.filterLayers()[2]->weight.array() != 0.0f).count() < (kept.array() != 0.0f).count());
    }


    void nmStepsLeaveExactlyNOfEveryMChannels()
    {
        // The joint schedule with N:M: a 3x3 convolution of 8 input channels under 2:4 keeps, at
        // the last step, at most 2 of every 4 channels at each kernel position in every filter
        // (ASP's grouping), and the array takes 2 columns per group.
        const nlohmann::json spec = {{"input", {8, 6, 6}}, {"classes", 3}, {"layers", {
            {{"type", "conv"}, {"out", 16}, {"kernel", 3}, {"padding", 1}, {"alpha", 8}},
            {{"type", "relu6"}},
            {{"type", "flatten"}},
            {{"type", "linear"}, {"out", 3}}}}};
        Network net = Network::fromSpec(spec, 7);
        JointSettings settings;
        settings.method = {CombineMethod::NM, 2, 4};
        std::vector<Matrix> setAside;
        pruneAndCombine(net, 0.3, settings, &setAside);
        const std::vector<ColumnGroups> groups = pruneAndCombine(net, 1.0, settings, &setAside);
        const Matrix& w = net.filterLayers()[0]->weight;
        QCOMPARE(w.cols(), Eigen::Index{72});
        for (Eigen::Index r = 0; r < w.rows(); ++r)
            for (int p = 0; p < 9; ++p)
                for (int first = 0; first < 8; first += 4) {
                    int kept = 0;
                    for (int c = first; c < first + 4; ++c) kept += w(r, c * 9 + p) != 0.0f;
                    QVERIFY2(kept <= 2, qPrintable(QString("row %1 position %2 channels %3..").arg(r).arg(p).arg(first)));
                }
        // Magnitude pruning to 1 - 2/4 first, then the mask: at most half the weights survive, and
        // not much less (the mask only trims groups where more than 2 survived).
        const Eigen::Index survivors = (w.array() != 0.0f).count();
        QVERIFY2(survivors <= w.size() / 2 && survivors > w.size() * 4 / 10, qPrintable(QString::number(survivors)));
        QCOMPARE(groups[0].size(), std::size_t{18});  // 2 channel blocks x 9 positions
        const ModelPacking p = measureModelPacking(net, groups, settings, {8, 8});
        QCOMPARE(p.layers[0].packed.columns(), 36);
    }

    void magnitudePruningRemovesTheSmallestFirstAndBreaksTiesByPosition()
    {
        // floor(1.0 x (1 - 1/2) x 6) = 3 of |w| = 1, 1, 0.5, 3, 1, 2 go: 0.5 (the smallest), then
        // the first two of the three 1s. Taking equals in memory order before smaller ones would
        // keep the 0.5 and prune a third 1.
        const FilterMatrix w(1, 6, std::vector<float>{1.0f, -1.0f, 0.5f, 3.0f, 1.0f, 2.0f});
        JointSettings settings;
        settings.gamma = 0.0;
        const PackingResult r = jointPruneLayer(w, 2, 1.0, settings);
        QCOMPARE(r.original, FilterMatrix(1, 6, std::vector<float>{0.0f, 0.0f, 0.0f, 3.0f, 1.0f, 2.0f}));
        // Then column combining: one row, gamma 0, so no two kept weights share a group.
        QCOMPARE(r.pruned, r.original);
        QCOMPARE(r.metrics.groups, 3);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, jointPruneLayer(w, 2, 1.5, settings));
    }
    void kByKConvolutionsArePackedOverTheirFlattenedFilterMatrix()
    {
        // A LeNet-like network whose second 3x3 convolution packs with alpha 4: its filter matrix
        // is 8 x (4*3*3), and combining groups its (channel, ky, kx) columns.
        const nlohmann::json spec = {{"input", {1, 8, 8}}, {"classes", 3}, {"layers", {
            {{"type", "conv"}, {"out", 4}, {"kernel", 3}, {"padding", 1}},
            {{"type", "relu6"}},
            {{"type", "conv"}, {"out", 8}, {"kernel", 3}, {"alpha", 4}},
            {{"type", "batchnorm"}},
            {{"type", "relu6"}},
            {{"type", "maxpool"}, {"size", 2}},
            {{"type", "flatten"}},
            {{"type", "linear"}, {"out", 3}}}}};
        Network net = Network::fromSpec(spec, 5);
        QCOMPARE(net.alphas(), (std::vector<int>{1, 4, 1}));
        QCOMPARE(Network::fromSpec(net.spec(), 5).spec(), net.spec());
        const std::vector<ColumnGroups> groups = pruneAndCombine(net, 0.8, {});
        QVERIFY(groups[0].empty() && groups[2].empty());
        auto& conv = dynamic_cast<Conv2d&>(*net.filterLayers()[1]);
        QCOMPARE(conv.weight.cols(), Eigen::Index{36});
        QVERIFY(!groups[1].empty() && groups[1].size() < 36);
        QVERIFY(packedWithinAlpha(conv.weight, groups[1], 4));
        QVERIFY(((conv.weight.array() != 0.0f) == (conv.mask.array() != 0.0f)).all());
        // Folding the batch norm into the k x k convolution and packing it gives a layer the
        // simulator runs: weights are the folded conv's, expanded back exactly.
        const auto exported = exportPackedLayers(net, groups, 8, {4, 4});
        QCOMPARE(exported.size(), std::size_t{1});
        QCOMPARE(exported.front().first, std::size_t{2});
        std::vector<FoldedConv> folded = foldAndQuantize(net, 8);
        QVERIFY(folded[1].foldedBatchNorm);
        QCOMPARE(exported.front().second.pruned, folded[1].conv->filterMatrix());
        // The folded network computes what the float network does, up to the weights' rounding:
        // with 16 bits it is the same network (folding itself loses nothing), with 8 the drift
        // is the quantization's, larger, yet small against the outputs.
        const Tensor x = randomTensor(1, 4, 8, 8, 9);
        const Tensor a = net.forward(x, false);
        const auto drift = [&](int bits) {
            std::vector<FoldedConv> f = foldAndQuantize(net, bits);
            Tensor b = x;
            for (std::size_t i = 0; i < net.size(); ++i) {
                if (i == 3) continue;  // the batch norm lives inside f[1]
                if (i == 0) b = f[0].conv->forward(b, false);
                else if (i == 2) b = f[1].conv->forward(b, false);
                else if (i == 7) b = f[2].conv->forward(b, false);
                else b = net.layer(i).forward(b, false);
            }
            return (a.x - b.x).cwiseAbs().maxCoeff() / a.x.cwiseAbs().maxCoeff();
        };
        const float drift16 = drift(16), drift8 = drift(8);
        qInfo("folded network drift: %.2e of the largest output with 16-bit weights, %.2e with 8-bit", drift16, drift8);
        QVERIFY2(drift16 < 1e-3f, "folding changes what the network computes");
        QVERIFY2(drift8 > drift16 && drift8 < 0.05f, "8-bit weights drift more than their rounding explains");
    }

    void modelEvaluationComparesPackedWithUnpackedAndRoundTrips()
    {
        Network net = Network::fromSpec({{"input", {2, 4, 4}}, {"classes", 3}, {"widths", {16, 32}}, {"blocks", {1, 1}}, {"strides", {1, 2}}, {"alpha", {1, 8}}}, 3);
        const std::vector<ColumnGroups> groups = pruneAndCombine(net, 0.8, {});
        Model model{std::move(net), {}, {}, {}};
        model.state.groups = groups;
        model.state.settings = TrainSettings{}.toJson();
        Dataset test;
        test.channels = 2;
        test.height = test.width = 4;
        test.classes = 3;
        SplitMix64 rng(4);
        for (int i = 0; i < 30; ++i) {
            for (int k = 0; k < 32; ++k) test.images.push_back(static_cast<float>(rng.normal()));
            test.labels.push_back(i % 3);
        }
        const ModelEvaluation e = evaluateModel(model, test);
        QCOMPARE(e.layers.size(), std::size_t{4});
        const LayerEvaluation& packed = e.layers[2];
        QCOMPARE(packed.alpha, 8);
        QVERIFY(packed.groups < packed.cols);
        QVERIFY(packed.utilizationPacked > packed.utilizationUnpacked);
        QVERIFY(e.utilization > e.utilizationUnpacked);
        QVERIFY(e.nnz < e.weights);
        // The accuracy counted here one image at a time, through the packed network's forward pass.
        int correct = 0;
        for (std::size_t i = 0; i < test.size(); ++i) {
            Tensor x = Tensor::zeros(2, 1, 4, 4);
            for (int c = 0; c < 2; ++c)
                for (int p = 0; p < 16; ++p) x.x(c, p) = test.images[i * 32 + static_cast<std::size_t>(c * 16 + p)];
            Eigen::Index predicted = 0;
            model.net.forward(x, false).x.col(0).maxCoeff(&predicted);
            correct += predicted == test.labels[i] ? 1 : 0;
        }
        QVERIFY(correct > 0 && correct < 30);  // neither all nor none: a wrong count would show
        QCOMPARE(e.testAccuracy, correct / 30.0);
        // One sample's MAC energy, worked from the weights: every nonzero meets each of its
        // layer's output positions once, at the default cost of a MAC, packed or not.
        double macPj = 0.0;
        for (const LayerFilterMatrix& l : model.net.filterMatrices())
            macPj += static_cast<double>(l.weights.nnz()) * static_cast<double>(l.vectors) * EnergyCosts{}.macPj;
        QVERIFY(macPj > 0.0);
        QVERIFY(std::fabs(e.energy.mac - macPj) <= 1e-9 * macPj);
        QVERIFY(std::fabs(e.energyUnpacked.mac - macPj) <= 1e-9 * macPj);
        QVERIFY(e.energy.mux > 0.0 && e.energyUnpacked.mux == 0.0);  // only the alpha-8 layer's cells select
        QCOMPARE(e.energyBasis, std::string("weights resident"));
        const nlohmann::json j = e.toJson();
        QCOMPARE(ModelEvaluation::fromJson(j).toJson(), j);
        // A record written before energy was measured still reads, with no energy and no basis.
        nlohmann::json older = j;
        for (const char* key : {"energy_basis", "energy_pj", "energy_unpacked_pj"}) older.erase(key);
        QVERIFY(ModelEvaluation::fromJson(older).energyBasis.empty() && ModelEvaluation::fromJson(older).energy.total() == 0.0);
        // A raised cancel flag stops the accuracy passes between batches.
        const std::atomic<bool> cancel{true};
        QVERIFY_THROWS_EXCEPTION(EvaluationCancelled, evaluateModel(model, test, 8, &cancel));
        nlohmann::json broken = j;
        broken.erase("tiles");
        try {
            ModelEvaluation::fromJson(broken);
            QFAIL("no error");
        } catch (const std::invalid_argument& err) {
            QVERIFY(QString(err.what()).contains("'tiles'"));
        }
    }

    void modelFilesRoundTripAndResumeExactly()
    {
        // Two runs of 3 epochs on the same tiny data: one straight through, one stopped after a
        // batch of epoch 2 (index 1), saved, loaded and resumed. They must end bit for bit equal.
        Dataset train = separableData(96, 1);
        Dataset test = separableData(32, 2);
        const nlohmann::json spec = {{"input", {1, 4, 4}}, {"classes", 2}, {"widths", {8, 8}}, {"blocks", {1, 1}}, {"strides", {1, 1}}, {"alpha", {1, 2}}};
        TrainSettings settings;
        settings.epochs = 3;
        settings.batch = 16;
        settings.joint.schedule.steps = 3;
        settings.joint.schedule.span = 1.0;
        TrainingRun straight(Model{Network::fromSpec(spec, 5), seeded(5), {}, {}}, train, test, settings);
        while (!straight.finished()) QVERIFY(straight.runEpoch());

        // Stopped in epoch 1, after the second pruning step and before the third: the resumed run
        // must restore the second step's conflict-pruned weights, so they travel in the file.
        TrainingRun first(Model{Network::fromSpec(spec, 5), seeded(5), {}, {}}, train, test, settings);
        QVERIFY(first.runEpoch());
        std::atomic<bool> stop{false};
        QVERIFY(!first.runEpoch([&](const EpochProgress& p) { stop = p.batchesDone >= 2; }, &stop));
        QCOMPARE(first.model().state.batch, std::size_t{2});
        QVERIFY(std::any_of(first.model().conflictPruned.begin(), first.model().conflictPruned.end(), [](const Matrix& m) { return m.size() > 0 && m.cwiseAbs().sum() > 0; }));
        const QString path = QDir::temp().filePath("colcomb-resume-test.zip");  // the binary container
        first.save(path.toStdString());
        Model loaded = loadModel(path.toStdString());
        QFile::remove(path);
        QCOMPARE(loaded.state.epoch, 1);
        QCOMPARE(loaded.conflictPruned.size(), first.model().conflictPruned.size());
        for (std::size_t k = 0; k < loaded.conflictPruned.size(); ++k) QVERIFY(loaded.conflictPruned[k] == first.model().conflictPruned[k]);
        TrainingRun resumed(std::move(loaded), train, test, TrainSettings::fromJson(first.model().state.settings));
        while (!resumed.finished()) QVERIFY(resumed.runEpoch());

        const auto a = straight.model().net.parameters();
        const auto b = resumed.model().net.parameters();
        QCOMPARE(a.size(), b.size());
        for (std::size_t k = 0; k < a.size(); ++k) QVERIFY2(*a[k].value == *b[k].value, a[k].name.c_str());
        QCOMPARE(straight.model().state.groups, resumed.model().state.groups);
    }

    void modelFilesAreZipsOfJsonAndNpyAndOldJsonStillLoads()
    {
        // The bundled models are the older all-text form; saved again as the container they load
        // to the same parameters, masks, groups and state, in a fraction of the bytes.
        const Model text = loadModel(modelPath("demo"));
        Model copy = loadModel(modelPath("demo"));
        const QString path = QDir::temp().filePath("colcomb-model-container.zip");
        saveModel(path.toStdString(), copy.net, copy.state, copy.velocity);
        const std::string bytes = readWholeFile(path.toStdString());
        QFile::remove(path);
        QVERIFY(looksLikeZip(bytes));
        QVERIFY2(bytes.size() * 3 < readWholeFile(modelPath("demo")).size(), std::to_string(bytes.size()).c_str());
        Model back = parseModel(bytes, "m.zip");
        const auto a = copy.net.parameters();
        const auto b = back.net.parameters();
        QCOMPARE(a.size(), b.size());
        for (std::size_t k = 0; k < a.size(); ++k) {
            QVERIFY2(*a[k].value == *b[k].value, a[k].name.c_str());
            if (a[k].mask) QVERIFY(*a[k].mask == *b[k].mask);
        }
        QCOMPARE(back.state.groups, text.state.groups);
        QCOMPARE(back.state.settings, text.state.settings);
        QCOMPARE(back.velocity.size(), copy.velocity.size());
        for (std::size_t k = 0; k < back.velocity.size(); ++k) QVERIFY(back.velocity[k] == copy.velocity[k]);
        const auto fa = trainedFilterMatrices(text);
        const auto fb = trainedFilterMatrices(back);
        for (std::size_t k = 0; k < fa.size(); ++k) QVERIFY(fa[k].weights == fb[k].weights);

        // A member missing from the archive, or no description at all, is named.
        std::vector<ZipMember> members = parseZip(bytes, "m.zip");
        members.erase(std::find_if(members.begin(), members.end(), [](const ZipMember& m) { return m.name.starts_with("tensors/"); }));
        QVERIFY(errorOf([&] { parseModel(serializeZip(members), "gap.zip"); }).find("the archive has no member 'tensors/") != std::string::npos);
        QVERIFY(errorOf([&] { parseModel(serializeZip({{"other.txt", "x"}}), "x.zip"); }).find("without model.json") != std::string::npos);
    }

    void corruptModelFilesAreNamed()
    {
        QVERIFY_THROWS_EXCEPTION(FileError, parseModel("{", "m.json"));
        QVERIFY_THROWS_EXCEPTION(FileError, parseModel(R"({"format": "other"})", "m.json"));
        Network net = Network::fromSpec({{"input", {1, 1, 1}}, {"classes", 2}, {"layers", {{{"type", "linear"}, {"out", 2}}}}}, 1);
        const QString path = QDir::temp().filePath("colcomb-model-test.json");
        saveModel(path.toStdString(), net, {}, {});
        std::string text = readWholeFile(path.toStdString());
        QFile::remove(path);
        QVERIFY(parseModel(text, "ok.json").net.size() == 1);
        const std::size_t at = text.find("\"rows\":2");
        QVERIFY(at != std::string::npos);
        text.replace(at, std::string("\"rows\":2").size(), "\"rows\":3");
        try {
            parseModel(text, "bad.json");
            QFAIL("no error");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains("bad.json: layer 0 (linear) bias has shape 3 x 1, the network expects 2 x 1"), e.what());
        }
    }

    void foldedQuantizedLayerEqualsTheSimulatorsIntegers()
    {
        Network net = Network::fromSpec({{"input", {4, 3, 3}}, {"classes", 3}, {"widths", {12}}, {"blocks", {1}}, {"strides", {1}}, {"alpha", {4}}}, 7);
        auto* bn = dynamic_cast<BatchNorm*>(&net.layer(5));
        QVERIFY(bn);
        bn->runningMean.setConstant(0.3f);
        bn->runningVar.setConstant(2.0f);
        bn->gamma.setConstant(1.7f);
        const std::vector<ColumnGroups> groups = pruneAndCombine(net, 0.8, {});
        const auto exported = exportPackedLayers(net, groups, 8, {4, 4});
        QCOMPARE(exported.size(), std::size_t{1});
        std::vector<FoldedConv> all = foldAndQuantize(net, 8);
        const FoldedConv& folded = all[1];
        QCOMPARE(exported.front().first, folded.layer);
        // Integer activations after ReLU6 (codes 0..255), through the folded layer in float...
        const InputBatch codes = randomInputs(9, 12, 8, false, 3);
        Tensor a = Tensor::zeros(12, 1, 3, 3);
        const float step = 6.0f / 256.0f;
        for (int t = 0; t < 9; ++t)
            for (int c = 0; c < 12; ++c) a.x(c, t) = codes(t, c) * step;
        Conv1x1 noBias = dynamic_cast<const Conv1x1&>(*folded.conv);
        noBias.bias.setZero();
        const Tensor y = noBias.forward(a, false);
        // ...and through the simulated array in integers: the same numbers, scaled.
        ArrayConfig config;
        config.shape.rows = config.shape.cols = 4;
        const QuantizedLayer layer = quantizeForArray(exported.front().second.packed, 8);
        const SimulationResult sim = simulateLayer(layer, codes, config);
        QVERIFY(sim.verified);
        for (std::size_t i = 0; i < layer.rowIndex.size(); ++i)
            for (int t = 0; t < 9; ++t) {
                const double expected = static_cast<double>(sim.outputs(static_cast<Eigen::Index>(i), t)) * layer.scale.step() * step;
                QVERIFY(std::fabs(y.x(layer.rowIndex[i], t) - expected) <= 1e-4 * (1.0 + std::fabs(expected)));
            }
    }

    void quantizedAccuracyStaysCloseToFloat()
    {
        const Dataset data = separableData(128, 9);
        Network net = Network::fromSpec({{"input", {1, 4, 4}}, {"classes", 2}, {"widths", {8}}, {"blocks", {2}}, {"strides", {1}}}, 1);
        TrainSettings settings;
        settings.epochs = 3;
        settings.batch = 16;
        settings.combine = false;
        TrainingRun run(Model{std::move(net), seeded(1), {}, {}}, data, data, settings);
        while (!run.finished()) run.runEpoch();
        const double fp = evaluateAccuracy(run.model().net, data);
        const double q8 = quantizedAccuracy(run.model().net, data, 8);
        QVERIFY2(fp > 0.9, qPrintable(QString::number(fp)));
        QVERIFY2(std::fabs(fp - q8) < 0.05, qPrintable(QString("%1 vs %2").arg(fp).arg(q8)));
    }

    void augmentationCropsAndFlipsAndIsSeeded()
    {
        Tensor t = Tensor::zeros(1, 8, 4, 4);
        for (Eigen::Index k = 0; k < t.x.cols(); ++k) t.x(0, k) = static_cast<float>(k % 16 + 1);
        Tensor a = t;
        Tensor b = t;
        augmentBatch(a, 3, 1);
        augmentBatch(b, 3, 1);
        QVERIFY(a.x == b.x);
        QVERIFY(a.x != t.x);
        // Every augmented pixel is either padding (0) or one of its image's own pixels: each image
        // holds the whole numbers 1 to 16, so a blended or invented value fails.
        for (Eigen::Index k = 0; k < a.x.cols(); ++k) {
            const float v = a.x(0, k);
            QVERIFY2(v == 0.0f || (v == std::floor(v) && v >= 1.0f && v <= 16.0f), qPrintable(QString::number(v)));
        }
    }

    void cosineScheduleRunsFromBaseToZero()
    {
        QCOMPARE(cosineLearningRate(0.1f, 0, 100), 0.1f);
        QVERIFY(std::fabs(cosineLearningRate(0.1f, 50, 100) - 0.05f) < 1e-6f);
        QVERIFY(std::fabs(cosineLearningRate(0.1f, 100, 100)) < 1e-7f);
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"
