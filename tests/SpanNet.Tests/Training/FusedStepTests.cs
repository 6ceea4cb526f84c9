using SpanNet.Backprop;
using SpanNet.Common;
using SpanNet.Data;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Tests.Training;

/// <summary>
/// The trainer's fused minibatch path (backprop steps its aligned Θ in the pass that forms the
/// gradient) against the public <see cref="Optimizer.Step"/> on the same minibatches: the same
/// parameters bit for bit after every step when every layer is at least one vector wide, and the
/// same costs up to the order Σθ² is summed in.
/// </summary>
public sealed class FusedStepTests
{
    /// <summary>Three layers so the hidden δ is formed from the aligned Θ(2); 21, 19 and 17 inputs per row, so rows have padding but none is narrower than a vector.</summary>
    private static readonly NetworkArchitecture Wide = new(21, 19, 17, 6);

    public static TheoryData<string, int> Cases => new()
    {
        { "sgd", 1 }, { "adam", 1 }, { "sgd", 2 }, { "adam", 2 },
    };

    public static TheoryData<OptimizerKind> Minibatch => new() { OptimizerKind.Sgd, OptimizerKind.Adam };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_steps_give_the_parameters_of_the_public_step(string method, int threads)
    {
        (float[] expected, float[] actual) = StepBoth(Wide, method, threads, (expectedCost, actualCost, expected, actual, size) =>
        {
            Assert.Equal(expectedCost, actualCost, 1e-6 * Math.Abs(expectedCost));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{method}, batch of {size}: the parameters differ at {expected.AsSpan().CommonPrefixLength(actual)}");
        });
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// Layers narrower than one vector: the unfused pass forms their gradient with the scalar
    /// multiply-add (two roundings), the fused step with the vector FMA, so the parameters may differ
    /// in the last bits, and only there.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_steps_on_narrow_layers_stay_within_rounding_of_the_public_step(string method, int threads)
    {
        (float[] expected, float[] actual) = StepBoth(new NetworkArchitecture(5, 7, 3), method, threads, (expectedCost, actualCost, _, _, _) =>
            Assert.Equal(expectedCost, actualCost, 1e-6 * Math.Abs(expectedCost)));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 2e-6f * Math.Max(1f, Math.Abs(expected[i])));
        }
    }

    /// <summary>Whole epochs through <see cref="Trainer.Train"/> (aligned Θ loaded and stored once per epoch) against the same shuffled minibatches through the public step.</summary>
    [Theory]
    [MemberData(nameof(Minibatch))]
    public void Trainer_epochs_give_the_parameters_of_the_public_steps(OptimizerKind kind)
    {
        LabeledData data = RandomData(Wide, 300, seed: 11);
        var options = new TrainerOptions { Optimizer = kind, MaxEpochs = 3, BatchSize = 32, Lambda = 0.8f, Seed = 3 };
        Network network = Network.CreateRandom(Wide, 9);
        float[] expected = network.Parameters.ToArray();

        new Trainer(Wide, options).Train(network, data, cancellationToken: TestContext.Current.CancellationToken);

        Optimizer optimizer = kind == OptimizerKind.Sgd
            ? new MomentumSgd(expected.Length, options.EffectiveLearningRate, options.Momentum)
            : new Adam(expected.Length, options.EffectiveLearningRate);
        var objective = new BackpropObjective(new Backpropagation(Wide), data, options.Lambda);
        int[] order = [.. Enumerable.Range(0, data.Count)];
        var shuffle = new SeededRandom(options.Seed);
        for (int epoch = 0; epoch < options.MaxEpochs; epoch++)
        {
            shuffle.Shuffle(order.AsSpan());
            for (int start = 0; start < order.Length; start += options.BatchSize)
            {
                objective.Batch = order.AsMemory(start, Math.Min(options.BatchSize, order.Length - start));
                optimizer.Step(expected, objective);
            }
        }

        Assert.Equal(expected, network.Parameters.ToArray());
    }

    [Fact]
    public void A_next_batch_index_out_of_range_is_rejected_before_the_step()
    {
        LabeledData data = RandomData(Wide, 40, seed: 2);
        var backprop = new Backpropagation(Wide);
        float[] start = Network.CreateRandom(Wide, 1).Parameters.ToArray();
        backprop.LoadParameters(start);
        var sgd = new MomentumSgd(start.Length, 0.1f);
        ((IFusedStep)sgd).PrepareAligned(backprop.AlignedLength);
        var objective = new BackpropObjective(backprop, data, 1f) { Batch = new[] { 0, 1, 2 }, NextBatch = new[] { 3, 40 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ((IFusedStep)sgd).StepAligned(objective));

        Assert.Equal("nextExamples", error.ParamName);
        float[] after = new float[start.Length];
        backprop.StoreParameters(after);
        Assert.Equal(start, after);
    }

    /// <summary>Six minibatches (across the 128-example chunk size, and one of a single example) through both paths from the same start.</summary>
    private static (float[] Expected, float[] Actual) StepBoth(NetworkArchitecture architecture, string method, int threads, Action<double, double, float[], float[], int> afterStep)
    {
        const int count = 400;
        LabeledData data = RandomData(architecture, count, seed: 5);
        int[] order = [.. Enumerable.Range(0, count).OrderBy(i => (i * 7919) % count)];
        int[] batchSizes = [32, 1, 130, 7, 200, 30];

        float[] start = Network.CreateRandom(architecture, 9).Parameters.ToArray();
        float[] expected = [.. start], actual = [.. start];
        Optimizer Create() => method == "sgd" ? new MomentumSgd(start.Length, 0.3f, 0.8f) : new Adam(start.Length, 0.01f);
        Optimizer reference = Create(), fusedOptimizer = Create();
        var fused = (IFusedStep)fusedOptimizer;
        var referenceObjective = new BackpropObjective(new Backpropagation(architecture, threads), data, 0.8f);
        var backprop = new Backpropagation(architecture, threads);
        var fusedObjective = new BackpropObjective(backprop, data, 0.8f);
        fused.PrepareAligned(backprop.AlignedLength);

        backprop.LoadParameters(actual);
        int at = 0;
        for (int b = 0; b < batchSizes.Length; b++)
        {
            int size = batchSizes[b];
            referenceObjective.Batch = fusedObjective.Batch = order.AsMemory(at, size);
            at += size;

            // As the trainer does: the fused step prefetches the next batch's first rows.
            fusedObjective.NextBatch = b + 1 < batchSizes.Length ? order.AsMemory(at, batchSizes[b + 1]) : default;
            double expectedCost = reference.Step(expected, referenceObjective);
            double actualCost = fused.StepAligned(fusedObjective);
            backprop.StoreParameters(actual);
            afterStep(expectedCost, actualCost, expected, actual, size);
        }

        Assert.Equal(batchSizes.Length, fusedOptimizer.Evaluations);
        return (expected, actual);
    }

    private static LabeledData RandomData(NetworkArchitecture architecture, int count, int seed)
    {
        var random = new Random(seed);
        int inputs = architecture.InputCount, outputs = architecture.OutputCount;
        float[] features = [.. Enumerable.Range(0, count * inputs).Select(_ => (float)random.NextDouble())];
        int[] labels = [.. Enumerable.Range(0, count).Select(_ => random.Next(outputs))];
        return LabeledData.FromClassLabels(features, inputs, labels, outputs);
    }
}
