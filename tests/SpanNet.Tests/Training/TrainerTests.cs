using SpanNet.Data;
using SpanNet.Evaluation;
using SpanNet.Models;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Tests.Training;

public class TrainerTests
{
    private static readonly NetworkArchitecture Digits = new(64, 25, 10);

    private readonly ITestOutputHelper output;

    public TrainerTests(ITestOutputHelper output) => this.output = output;

    /// <summary>data/digits/README.md: a correct Ng-style 64-25-10 network reaches about 97–99% test accuracy at λ ≈ 0.1–1.</summary>
    [Theory]
    [InlineData(OptimizerKind.Lbfgs, 400, 0, 0.965)]
    [InlineData(OptimizerKind.ConjugateGradient, 400, 0, 0.96)]
    [InlineData(OptimizerKind.Adam, 60, 32, 0.96)]
    [InlineData(OptimizerKind.Sgd, 60, 32, 0.96)]
    [InlineData(OptimizerKind.GradientDescent, 600, 0, 0.93)]
    public void EveryOptimizerLearnsTheDigits(OptimizerKind optimizer, int epochs, int batchSize, double minimumTestAccuracy)
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices), test = DigitsData.Rows(DigitsData.TestIndices);
        Network network = Network.CreateRandom(Digits, 1);
        var options = new TrainerOptions { Optimizer = optimizer, MaxEpochs = epochs, BatchSize = batchSize, Lambda = 1f, Seed = 5 };
        int reports = 0;
        TrainingResult result = new Trainer(Digits, options).Train(network, train, onEpoch: (in EpochReport r) => reports++, cancellationToken: TestContext.Current.CancellationToken);

        EvaluationReport evaluation = ModelEvaluation.Evaluate(new Model(network), test);
        output.WriteLine($"{optimizer}: {result.StopReason} after {result.Epochs} epochs, {result.Evaluations} evaluations, {result.Elapsed.TotalMilliseconds:F0} ms, J = {result.TrainingCost:F4}, test accuracy {evaluation.Accuracy:P2}");
        Assert.Equal(result.Epochs, reports);
        Assert.True(evaluation.Accuracy >= minimumTestAccuracy, $"{optimizer}: test accuracy {evaluation.Accuracy:P2}");
    }

    [Theory]
    [InlineData(OptimizerKind.Lbfgs)]
    [InlineData(OptimizerKind.ConjugateGradient)]
    [InlineData(OptimizerKind.Adam)]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.GradientDescent)]
    public void EpochsAllocateNothing(OptimizerKind optimizer)
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..300]);
        LabeledData validation = DigitsData.Rows(DigitsData.TestIndices[..50]);
        var options = new TrainerOptions { Optimizer = optimizer, BatchSize = 16, Lambda = 0.5f };
        EpochCallback callback = (in EpochReport r) => { };
        Trainer shortRun = new(Digits, options with { MaxEpochs = 2 }), longRun = new(Digits, options with { MaxEpochs = 12 });
        Network network = Network.CreateRandom(Digits, 3);
        long Smallest(Trainer trainer)
        {
            float[] start = network.Parameters.ToArray();
            void Train()
            {
                start.CopyTo(network.Parameters);
                trainer.Train(network, train, validation, callback, TestContext.Current.CancellationToken);
            }

            Train();
            return Enumerable.Range(0, 5).Min(_ => AllocationAssert.Measure(Train));
        }

        // Set-up (index order, result) is the same for any epoch count; the epochs themselves add nothing.
        Assert.Equal(Smallest(shortRun), Smallest(longRun));
    }

    [Fact]
    public void SameSeedGivesBitIdenticalTraining()
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..300]);
        float[] Run(ulong seed)
        {
            Network network = Network.CreateRandom(Digits, 9);
            new Trainer(Digits, new TrainerOptions { Optimizer = OptimizerKind.Sgd, MaxEpochs = 5, BatchSize = 10, Seed = seed })
                .Train(network, train, cancellationToken: TestContext.Current.CancellationToken);
            return network.Parameters.ToArray();
        }

        Assert.Equal(Run(1), Run(1));
        Assert.NotEqual(Run(1), Run(2));
    }

    [Fact]
    public void DivergenceStopsWithTheLastGoodParameters()
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..200]);
        Network network = Network.CreateRandom(Digits, 4);
        var options = new TrainerOptions { Optimizer = OptimizerKind.Sgd, MaxEpochs = 50, BatchSize = 10, LearningRate = 1e30f, Lambda = 1f };
        float[] start = network.Parameters.ToArray();
        float[]? lastReported = null;
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(Digits, options).Train(
            network, train, onEpoch: (in EpochReport r) => lastReported = network.Parameters.ToArray(), cancellationToken: TestContext.Current.CancellationToken));

        // 1e30 overflows within the first epoch: the network is back at its starting point.
        Assert.Contains("diverged", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.Epoch);
        Assert.Equal(0, e.RestoredEpoch);
        Assert.Null(lastReported);
        Assert.Equal(start, network.Parameters.ToArray());
    }

    [Fact]
    public void DivergenceAfterSomeEpochsRestoresTheLastReportedOne()
    {
        // Gradient descent with α·λ/m = 11: the weight decay term multiplies θ by 1 − 11 = −10 per
        // epoch, so the parameters pass float's range after a few dozen epochs, not in the first.
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..200]);
        Network network = Network.CreateRandom(Digits, 4);
        var options = new TrainerOptions { Optimizer = OptimizerKind.GradientDescent, MaxEpochs = 200, LearningRate = 2200f, Lambda = 1f };
        float[]? lastReported = null;
        int reports = 0;
        var e = Assert.Throws<TrainingDivergedException>(() => new Trainer(Digits, options).Train(
            network, train, onEpoch: (in EpochReport r) => { lastReported = network.Parameters.ToArray(); reports++; }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.True(e.Epoch >= 10, $"diverged in epoch {e.Epoch}");
        Assert.Equal(e.Epoch - 1, e.RestoredEpoch);
        Assert.Equal(e.RestoredEpoch, reports);
        Assert.NotNull(lastReported);
        Assert.Equal(lastReported, network.Parameters.ToArray());
        Assert.All(lastReported, p => Assert.True(float.IsFinite(p)));
    }

    [Fact]
    public void EarlyStoppingRestoresTheBestValidationParameters()
    {
        (LabeledData train, LabeledData validation) = DigitsData.Rows(DigitsData.TrainIndices[..120]).Split(0.5, 3);
        Network network = Network.CreateRandom(new NetworkArchitecture(64, 40, 10), 5);
        var options = new TrainerOptions { MaxEpochs = 300, Lambda = 0f, EarlyStoppingPatience = 5 };
        TrainingResult result = new Trainer(network.Architecture, options).Train(network, train, validation, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(StopReason.EarlyStopping, result.StopReason);
        Assert.Equal(result.Epochs - 5, result.BestEpoch);
        double restored = new SpanNet.Backprop.Backpropagation(network.Architecture).Cost(network.Parameters, validation, 0f);
        Assert.Equal(result.BestValidationCost, restored);
    }

    [Fact]
    public void CancellationStopsBetweenEpochs()
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..100]);
        Network network = Network.CreateRandom(Digits, 6);
        using var cancellation = new CancellationTokenSource();
        int epochs = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Digits, new TrainerOptions { MaxEpochs = 100 }).Train(
            network, train, onEpoch: (in EpochReport r) => { if (++epochs == 3) { cancellation.Cancel(); } }, cancellationToken: cancellation.Token));
        Assert.Equal(3, epochs);
        Assert.All(network.Parameters.ToArray(), p => Assert.True(float.IsFinite(p)));
    }

    /// <summary>
    /// Cancelled at whatever point of an epoch, a minibatch run leaves the network at the parameters
    /// of the last epoch it reported: the fused path steps backprop's own copy and writes the network
    /// only when an epoch completes.
    /// </summary>
    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void CancellationMidEpochLeavesTheLastReportedParameters(OptimizerKind optimizer)
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices);
        Network network = Network.CreateRandom(Digits, 6);
        using var cancellation = new CancellationTokenSource();
        float[] lastReported = network.Parameters.ToArray();
        var options = new TrainerOptions { Optimizer = optimizer, MaxEpochs = 100_000, BatchSize = 4 };
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer(Digits, options).Train(
            network,
            train,
            onEpoch: (in EpochReport r) =>
            {
                lastReported = network.Parameters.ToArray();
                if (r.Epoch == 2)
                {
                    cancellation.CancelAfter(TimeSpan.FromMilliseconds(3));
                }
            },
            cancellationToken: cancellation.Token));

        Assert.Equal(lastReported, network.Parameters.ToArray());
    }

    [Fact]
    public void TargetCostStopsTraining()
    {
        LabeledData train = DigitsData.Rows(DigitsData.TrainIndices[..300]);
        Network network = Network.CreateRandom(Digits, 7);
        TrainingResult result = new Trainer(Digits, new TrainerOptions { MaxEpochs = 400, TargetCost = 1.5 })
            .Train(network, train, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(StopReason.TargetCost, result.StopReason);
        Assert.True(result.TrainingCost <= 1.5);
        Assert.True(result.Epochs < 400);
    }

    [Fact]
    public void BadOptionsAndMismatchedDataAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Digits, new TrainerOptions { MaxEpochs = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Digits, new TrainerOptions { LearningRate = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Digits, new TrainerOptions { Lambda = float.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Digits, new TrainerOptions { Momentum = 1 }));
        var other = LabeledData.FromClassLabels(new float[10], 5, [0, 1], 2);
        Assert.Throws<ArgumentException>(() => new Trainer(Digits, new TrainerOptions()).Train(Network.CreateRandom(Digits, 1), other, cancellationToken: TestContext.Current.CancellationToken));
    }
}
