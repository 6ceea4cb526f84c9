using SpanNet.Backprop;
using SpanNet.Data;
using SpanNet.Networks;

namespace SpanNet.Tests.Backprop;

public class BackpropagationTests
{
    [Fact]
    public void CostAndGradientAllocateNothingAfterConstruction()
    {
        var architecture = new NetworkArchitecture(64, 25, 10);
        var backprop = new Backpropagation(architecture);
        var data = DigitsData.Rows(DigitsData.TrainIndices[..100]);
        Network network = Network.CreateRandom(architecture, 1);
        float[] gradient = new float[architecture.ParameterCount];
        int[] batch = [3, 1, 4, 1, 5, 9, 2, 6];

        AllocationAssert.ZeroAfterWarmUp(() =>
        {
            backprop.CostAndGradient(network.Parameters, data, 1f, gradient);
            backprop.CostAndGradient(network.Parameters, data, batch, 1f, gradient);
            backprop.Cost(network.Parameters, data, 1f);
        });
    }

    [Fact]
    public void ResultsAreBitIdenticalForAnyThreadCount()
    {
        var architecture = new NetworkArchitecture(64, 25, 10);
        var data = DigitsData.Rows(DigitsData.TrainIndices);
        Network network = Network.CreateRandom(architecture, 8);
        int[] batch = [.. Enumerable.Range(0, 700).Select(i => (i * 7) % data.Count)];
        (double Cost, float[] Gradient, int Correct) Run(int threads, bool minibatch)
        {
            var backprop = new Backpropagation(architecture, threads);
            float[] gradient = new float[architecture.ParameterCount];
            double cost = minibatch
                ? backprop.CostAndGradient(network.Parameters, data, batch, 0.7f, gradient)
                : backprop.CostAndGradient(network.Parameters, data, 0.7f, gradient);
            return (cost, gradient, backprop.LastCorrectCount);
        }

        foreach (bool minibatch in new[] { false, true })
        {
            var single = Run(1, minibatch);
            foreach (int threads in new[] { 2, 3, 16 })
            {
                var parallel = Run(threads, minibatch);
                Assert.Equal(single.Cost, parallel.Cost);
                Assert.Equal(single.Correct, parallel.Correct);
                Assert.True(single.Gradient.AsSpan().SequenceEqual(parallel.Gradient), $"{threads} threads, minibatch {minibatch}");
            }
        }
    }

    [Fact]
    public void ParallelCostAndGradientAllocateNothingAfterTheFirstCall()
    {
        var architecture = new NetworkArchitecture(64, 25, 10);
        var backprop = new Backpropagation(architecture, Environment.ProcessorCount);
        var data = DigitsData.Rows(DigitsData.TrainIndices);
        Network network = Network.CreateRandom(architecture, 1);
        float[] gradient = new float[architecture.ParameterCount];
        AllocationAssert.ZeroAfterWarmUp(() => backprop.CostAndGradient(network.Parameters, data, 1f, gradient));
    }

    [Fact]
    public void MinibatchEqualsTheSubsetAsItsOwnDataSet()
    {
        var architecture = new NetworkArchitecture(64, 7, 10);
        var backprop = new Backpropagation(architecture);
        var data = DigitsData.Rows(DigitsData.TrainIndices[..50]);
        Network network = Network.CreateRandom(architecture, 2);
        int[] batch = [10, 3, 42, 7];
        float[] viaIndices = new float[architecture.ParameterCount], viaSubset = new float[architecture.ParameterCount];

        double j1 = backprop.CostAndGradient(network.Parameters, data, batch, 0.5f, viaIndices);
        double j2 = backprop.CostAndGradient(network.Parameters, data.Subset(batch), 0.5f, viaSubset);

        Assert.Equal(j2, j1);
        Assert.Equal(viaSubset, viaIndices);
    }

    [Fact]
    public void SaturatedOutputsGiveFiniteCostAndGradient()
    {
        var architecture = new NetworkArchitecture(2, 3, 2);
        var network = new Network(architecture);
        network.Parameters.Fill(2000f);
        var data = LabeledData.FromClassLabels([1f, 1f, -1f, 3f], 2, [0, 1], 2);
        float[] gradient = new float[architecture.ParameterCount];

        double j = new Backpropagation(architecture).CostAndGradient(network.Parameters, data, 1f, gradient);

        Assert.True(double.IsFinite(j), $"J = {j}");
        Assert.True(j > 1000, $"J = {j}: a saturated wrong output should cost about |z|");
        Assert.All(gradient, g => Assert.True(float.IsFinite(g)));
    }

    [Fact]
    public void MismatchesAreRejectedBeforeAnyWork()
    {
        var architecture = new NetworkArchitecture(2, 3, 2);
        var backprop = new Backpropagation(architecture);
        float[] parameters = new float[architecture.ParameterCount];
        float[] gradient = Enumerable.Repeat(7f, architecture.ParameterCount).ToArray();
        var data = LabeledData.FromClassLabels([1f, 2f], 2, [1], 2);
        var wideData = LabeledData.FromClassLabels([1f, 2f, 3f], 3, [1], 2);
        var threeClasses = LabeledData.FromClassLabels([1f, 2f], 2, [2], 3);

        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => backprop.CostAndGradient(parameters.AsSpan(1), data, 0f, gradient)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => backprop.CostAndGradient(parameters, wideData, 0f, gradient)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentException>(() => backprop.CostAndGradient(parameters, threeClasses, 0f, gradient)).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentOutOfRangeException>(() => backprop.CostAndGradient(parameters, data, -1f, gradient)).ParamName);
        Assert.Equal("lambda", Assert.Throws<ArgumentOutOfRangeException>(() => backprop.CostAndGradient(parameters, data, float.NaN, gradient)).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => backprop.CostAndGradient(parameters, data, 0f, gradient.AsSpan(1))).ParamName);
        Assert.Equal("examples", Assert.Throws<ArgumentOutOfRangeException>(() => backprop.CostAndGradient(parameters, data, [1], 0f, gradient)).ParamName);
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => backprop.CostAndGradient(parameters, data, [], 0f, gradient)).ParamName);
        Assert.All(gradient, g => Assert.Equal(7f, g));
    }
}
