using SpanNet.Backprop;
using SpanNet.Data;
using SpanNet.Networks;
using SpanNet.Training;
using SpanNet.Training.Optimizers;

namespace SpanNet.Tests.Training;

/// <summary>
/// The trainer's fused minibatch path (backprop steps its aligned Θ in the pass that forms the
/// gradient) against the public <see cref="Optimizer.Step"/> on the same minibatches: the same
/// parameters bit for bit after every step, and the same costs up to the order Σθ² is summed in.
/// </summary>
public sealed class FusedStepTests
{
    public static TheoryData<string, int> Cases => new()
    {
        { "sgd", 1 }, { "adam", 1 }, { "sgd", 2 }, { "adam", 2 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fused_steps_give_the_parameters_of_the_public_step(string method, int threads)
    {
        // Three layers so the hidden δ is formed from the aligned Θ(2); 21 and 19 wide so rows
        // have padding; batches across the 128-example chunk size; a batch of 1.
        var architecture = new NetworkArchitecture(21, 19, 17, 6);
        var random = new Random(5);
        const int count = 400;
        float[] features = [.. Enumerable.Range(0, count * 21).Select(_ => (float)random.NextDouble())];
        int[] labels = [.. Enumerable.Range(0, count).Select(_ => random.Next(6))];
        LabeledData data = LabeledData.FromClassLabels(features, 21, labels, 6);
        int[] order = [.. Enumerable.Range(0, count).OrderBy(_ => random.Next())];
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

        fusedObjective.LoadParameters(actual);
        int at = 0;
        foreach (int size in batchSizes)
        {
            referenceObjective.Batch = fusedObjective.Batch = order.AsMemory(at, size);
            at += size;
            double expectedCost = reference.Step(expected, referenceObjective);
            double actualCost = fused.StepAligned(fusedObjective);
            fusedObjective.StoreParameters(actual);

            Assert.Equal(expectedCost, actualCost, 1e-6 * Math.Abs(expectedCost));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{method}, batch of {size}: the parameters differ at {expected.AsSpan().CommonPrefixLength(actual)}");
        }

        Assert.Equal(batchSizes.Length, fusedOptimizer.Evaluations);
    }
}
