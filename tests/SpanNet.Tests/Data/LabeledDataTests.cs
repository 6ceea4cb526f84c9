using SpanNet.Data;

namespace SpanNet.Tests.Data;

public class LabeledDataTests
{
    [Fact]
    public void RejectsNonFiniteFeaturesNamingTheExample()
    {
        var e = Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, 2f, float.NaN, 4f], 2, [0, 1], 2));
        Assert.Contains("example 1", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, float.PositiveInfinity], 2, [0], 2));
    }

    [Fact]
    public void RejectsLabelsOutOfRangeAndRaggedShapes()
    {
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, 2f], 2, [2], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, 2f], 2, [-1], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, 2f, 3f], 2, [0], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([1f, 2f], 2, [0, 1], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromClassLabels([], 2, [], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromTargets([1f, 2f], 2, [0.5f, 1.5f], 2));
        Assert.Throws<ArgumentException>(() => LabeledData.FromTargets([1f, 2f], 2, [0.5f], 2));
    }

    [Fact]
    public void CopiesItsInputs()
    {
        float[] features = [1f, 2f];
        var data = LabeledData.FromClassLabels(features, 2, [1], 3);
        features[0] = float.NaN;
        Assert.Equal(1f, data.Features(0)[0]);
        Assert.Equal(1, data.Label(0));
        Assert.True(data.HasClassLabels);
    }
}
