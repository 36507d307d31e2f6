// The network engine: every layer's gradients against finite differences, a tiny network that
// learns, masks that hold through SGD, and the network spec.
#include "matrix/RandomMatrix.h"
#include "nn/Loss.h"
#include "nn/Network.h"
#include "nn/Sgd.h"
#include "../support/RandomTensor.h"

#include <QtTest>

using namespace colcomb;
using colcomb::test::randomTensor;

namespace {

// L = sum(G .* layer(x)); checks dL/dx and dL/dparams against central differences.
void checkGradients(Layer& layer, Tensor x, std::uint64_t seed, float eps = 1e-2f, float tolerance = 2e-2f)
{
    const Tensor y = layer.forward(x, true);
    const Tensor G = randomTensor(y.channels(), y.batch, y.height, y.width, seed);
    for (Parameter& p : layer.parameters()) p.grad->setZero();
    const Tensor gx = layer.backward(G);
    const auto loss = [&] { return static_cast<double>((layer.forward(x, true).x.array() * G.x.array()).cast<double>().sum()); };
    const auto compare = [&](double analytic, double numeric, const QByteArray& what) {
        QVERIFY2(std::fabs(analytic - numeric) <= tolerance * (1.0 + std::fabs(numeric)),
                 (what + " analytic " + QByteArray::number(analytic) + " numeric " + QByteArray::number(numeric)).constData());
    };
    SplitMix64 rng(seed + 1);
    for (int k = 0; k < 12; ++k) {
        const Eigen::Index i = rng.below(static_cast<int>(x.x.size()));
        const float saved = x.x.data()[i];
        x.x.data()[i] = saved + eps;
        const double up = loss();
        x.x.data()[i] = saved - eps;
        const double down = loss();
        x.x.data()[i] = saved;
        compare(gx.x.data()[i], (up - down) / (2 * eps), layer.type().c_str() + QByteArray(" input"));
    }
    for (Parameter& p : layer.parameters())
        for (int k = 0; k < 6; ++k) {
            const Eigen::Index i = rng.below(static_cast<int>(p.value->size()));
            const float saved = p.value->data()[i];
            p.value->data()[i] = saved + eps;
            const double up = loss();
            p.value->data()[i] = saved - eps;
            const double down = loss();
            p.value->data()[i] = saved;
            compare(p.grad->data()[i], (up - down) / (2 * eps), layer.type().c_str() + QByteArray(" ") + p.name.c_str());
        }
}

} // namespace

class TestNn : public QObject {
    Q_OBJECT

private slots:
    void tablesNameLayersByTheirModulePath()
    {
        const auto named = [](std::string name, std::string parameter = {}, int group = -1) {
            LayerFilterMatrix l;
            l.name = std::move(name);
            l.parameter = std::move(parameter);
            l.group = group;
            return shortLayerName(l);
        };
        // The three downsample convolutions of ResNet-18 read apart, as their modules do.
        QCOMPARE(named("/layer2/layer2.0/downsample/downsample.0/Conv"), std::string("layer2.0.downsample.0"));
        QCOMPARE(named("/layer3/layer3.0/downsample/downsample.0/Conv"), std::string("layer3.0.downsample.0"));
        QCOMPARE(named("/layer1/layer1.0/conv1/Conv"), std::string("layer1.0.conv1"));
        QCOMPARE(named("/conv1/Conv"), std::string("conv1"));
        QCOMPARE(named("/fc/Gemm"), std::string("fc"));
        // The parameter, where the file kept it, wins; a grouped convolution keeps its group.
        QCOMPARE(named("/features/features.3/Conv", "features.3.weight"), std::string("features.3"));
        QCOMPARE(named("/g/Conv[2]", "g.weight", 2), std::string("g[2]"));
        // Names that are no module path stay as they are.
        QCOMPARE(named("layer 5"), std::string("layer 5"));
        QCOMPARE(named("conv1.weight"), std::string("conv1.weight"));
    }

    void conv1x1GradientsMatchFiniteDifferences()
    {
        Conv1x1 plain(3, 4, 1, false, 1);
        checkGradients(plain, randomTensor(3, 2, 4, 5, 2), 3);
        Conv1x1 strided(3, 4, 2, true, 4);
        checkGradients(strided, randomTensor(3, 2, 5, 5, 5), 6);
    }

    void shiftGradientsMatchFiniteDifferences()
    {
        Shift shift(6, 7);
        checkGradients(shift, randomTensor(6, 2, 4, 4, 8), 9);
    }

    void batchNormGradientsMatchFiniteDifferences()
    {
        BatchNorm bn(3);
        bn.gamma << 1.5f, -0.5f, 2.0f;
        bn.beta << 0.1f, 0.2f, -0.3f;
        checkGradients(bn, randomTensor(3, 3, 3, 3, 10), 11, 1e-2f, 3e-2f);
    }

    void reluGradientsMatchFiniteDifferences()
    {
        Relu relu(0.0f);
        checkGradients(relu, randomTensor(3, 2, 3, 3, 12), 13, 1e-3f);
        Relu relu6(6.0f);
        checkGradients(relu6, randomTensor(3, 2, 3, 3, 14, -3.0f, 9.0f), 15, 1e-3f);
    }

    void poolingGradientsMatchFiniteDifferences()
    {
        GlobalAvgPool pool;
        checkGradients(pool, randomTensor(4, 3, 3, 2, 16), 17);
    }

    void convolutionGradientsMatchFiniteDifferences()
    {
        Conv2d conv(2, 3, 3, 1, 1, true, 20);
        checkGradients(conv, randomTensor(2, 2, 5, 5, 21), 22);
        Conv2d strided(3, 2, 3, 2, 0, false, 23);
        checkGradients(strided, randomTensor(3, 1, 7, 6, 24), 25);
    }

    void maxPoolAndFlattenGradientsMatchFiniteDifferences()
    {
        MaxPool pool(2);
        checkGradients(pool, randomTensor(2, 2, 4, 6, 26), 27, 1e-3f);
        Flatten flatten;
        checkGradients(flatten, randomTensor(3, 2, 2, 3, 28), 29);
    }

    void leNet5BuildsFromALayerList()
    {
        const nlohmann::json lenet = {{"input", {1, 28, 28}}, {"classes", 10}, {"layers", {
            {{"type", "conv"}, {"out", 6}, {"kernel", 5}, {"padding", 2}}, {{"type", "relu"}}, {{"type", "maxpool"}, {"size", 2}},
            {{"type", "conv"}, {"out", 16}, {"kernel", 5}}, {{"type", "relu"}}, {{"type", "maxpool"}, {"size", 2}},
            {{"type", "flatten"}}, {{"type", "linear"}, {"out", 120}}, {{"type", "relu"}}, {{"type", "linear"}, {"out", 84}}, {{"type", "relu"}},
            {{"type", "linear"}, {"out", 10}}}}};
        Network net = Network::fromSpec(lenet, 1);
        const Tensor out = net.forward(randomTensor(1, 2, 28, 28, 3), false);
        QCOMPARE(out.channels(), 10);
        QCOMPARE(out.batch, 2);
        // The second convolution's filter matrix is 16 x (6*5*5), as the paper flattens it.
        auto* conv = dynamic_cast<Conv2d*>(&net.layer(3));
        QVERIFY(conv);
        QCOMPARE(conv->weight.cols(), Eigen::Index{150});
    }

    void crossEntropyGradientMatchesFiniteDifferences()
    {
        Matrix logits = randomTensor(5, 4, 1, 1, 18).x;
        const std::vector<int> labels{0, 3, 4, 1};
        Matrix grad;
        softmaxCrossEntropy(logits, labels, grad);
        Matrix scratch;
        for (Eigen::Index i = 0; i < logits.size(); ++i) {
            const float saved = logits.data()[i];
            logits.data()[i] = saved + 1e-3f;
            const double up = softmaxCrossEntropy(logits, labels, scratch);
            logits.data()[i] = saved - 1e-3f;
            const double down = softmaxCrossEntropy(logits, labels, scratch);
            logits.data()[i] = saved;
            QVERIFY(std::fabs(grad.data()[i] - (up - down) / 2e-3) < 1e-3);
        }
    }

    void aTinyShiftNetworkLearnsASeparableProblem()
    {
        // Class 0: the top half is bright; class 1: the bottom half. Shift + 1x1 layers must
        // move information across positions to tell them apart after global pooling... and can.
        Network net = Network::fromSpec({{"input", {1, 4, 4}}, {"classes", 2}, {"widths", {8}}, {"blocks", {2}}, {"strides", {1}}}, 1);
        SplitMix64 rng(3);
        const int n = 64;
        Tensor x = Tensor::zeros(1, n, 4, 4);
        std::vector<int> labels(n);
        for (int b = 0; b < n; ++b) {
            labels[static_cast<std::size_t>(b)] = b % 2;
            for (int p = 0; p < 16; ++p) {
                const bool top = p < 8;
                x.x(0, b * 16 + p) = static_cast<float>((top == (b % 2 == 0) ? 1.0 : -1.0) + 0.3 * rng.normal());
            }
        }
        Sgd sgd(net.parameters(), {0.05f, 0.9f, 0.0f, 0.0f});
        Matrix grad;
        float loss = 0;
        for (int step = 0; step < 60; ++step) {
            net.zeroGrad();
            const Tensor logits = net.forward(x, true);
            loss = softmaxCrossEntropy(logits.x, labels, grad);
            net.backward({grad, n, 1, 1});
            sgd.step(0.05f);
        }
        const Tensor logits = net.forward(x, false);
        int correct = 0;
        for (int b = 0; b < n; ++b) {
            Eigen::Index best;
            logits.x.col(b).maxCoeff(&best);
            correct += best == labels[static_cast<std::size_t>(b)];
        }
        QVERIFY2(correct >= 60, qPrintable(QString("%1 of 64 correct, loss %2").arg(correct).arg(loss)));
    }

    void maskedWeightsStayZeroThroughTraining()
    {
        Network net = Network::fromSpec({{"input", {2, 3, 3}}, {"classes", 3}, {"widths", {6}}, {"blocks", {1}}, {"strides", {1}}}, 2);
        FilterLayer* conv = net.filterLayers()[1];
        conv->mask(0, 0) = conv->mask(2, 3) = 0.0f;
        conv->weight = conv->weight.cwiseProduct(conv->mask);
        Sgd sgd(net.parameters(), {0.1f, 0.9f, 1e-4f, 1e-5f});
        const Tensor x = randomTensor(2, 5, 3, 3, 4);
        Matrix grad;
        for (int step = 0; step < 10; ++step) {
            net.zeroGrad();
            softmaxCrossEntropy(net.forward(x, true).x, {0, 1, 2, 0, 1}, grad);
            net.backward({grad, 5, 1, 1});
            sgd.step(0.1f);
            QCOMPARE(conv->weight(0, 0), 0.0f);
            QCOMPARE(conv->weight(2, 3), 0.0f);
        }
        QVERIFY(conv->weight(1, 1) != 0.0f);
    }

    void shorthandExpandsToTheRecipesBlocks()
    {
        const nlohmann::json spec = expandNetworkSpec({{"input", {3, 32, 32}}, {"widths", {128, 256}}, {"blocks", {2, 2}}, {"strides", {1, 2}}, {"alpha", {1, 4}}});
        const auto& layers = spec["layers"];
        // stem (3) + 4 blocks x 4 + pool + linear
        QCOMPARE(layers.size(), std::size_t{3 + 16 + 2});
        QCOMPARE(layers[3]["type"].get<std::string>(), std::string("shift"));
        QCOMPARE(layers[12]["stride"].get<int>(), 2);  // first block of the second stage
        QCOMPARE(layers[12]["alpha"].get<int>(), 4);
        Network net = Network::fromSpec(spec, 1);
        QCOMPARE(net.alphas(), (std::vector<int>{1, 1, 1, 4, 4, 1}));
        const Tensor out = net.forward(randomTensor(3, 2, 32, 32, 1), false);
        QCOMPARE(out.channels(), 10);
        QCOMPARE(out.batch, 2);
        // The expanded spec rebuilds the same architecture.
        QCOMPARE(Network::fromSpec(net.spec(), 1).spec(), net.spec());
    }

    void badSpecsAreRejected()
    {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Network::fromSpec({{"layers", {{{"type", "dropout"}}}}}, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Network::fromSpec({{"widths", {8}}, {"blocks", {1, 2}}, {"strides", {1}}}, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Network::fromSpec({{"layers", {{{"type", "conv1x1"}, {"out", 0}}}}}, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Network::fromSpec(nlohmann::json::array(), 1));
        // Found by fuzz_network_spec and by hand: wrong types and sizes name the field rather
        // than escaping as JSON library errors or allocating without bound.
        const auto messageOf = [](const nlohmann::json& spec) {
            try {
                Network::fromSpec(spec, 1);
            } catch (const std::invalid_argument& e) {
                return std::string(e.what());
            }
            return std::string("(no error)");
        };
        QVERIFY(messageOf({{"layers", {{{"type", "conv1x1"}, {"out", 4}, {"stride", "x"}}}}}).find("'stride'") != std::string::npos);
        QVERIFY(messageOf({{"layers", {{{"type", "conv1x1"}, {"out", 4}, {"bias", 1}}}}}).find("'bias'") != std::string::npos);
        QVERIFY(messageOf({{"layers", {{{"type", 3}}}}}).find("'type'") != std::string::npos);
        QVERIFY(messageOf({{"input", {1, 100000, 100000}}, {"widths", {8}}, {"blocks", {1}}, {"strides", {1}}}).find("'input'") != std::string::npos);
        QVERIFY(messageOf({{"input", {4096, 8, 8}}, {"layers", {{{"type", "conv"}, {"out", 65536}, {"kernel", 3}}}}}).find("weights") != std::string::npos);
        QVERIFY(messageOf({{"classes", "ten"}, {"widths", {8}}, {"blocks", {1}}, {"strides", {1}}}).find("'classes'") != std::string::npos);
        QVERIFY(messageOf({{"layers", {{{"type", "\x01" "bad"}}}}}).find("\\x01bad") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestNn)
#include "tst_nn.moc"
