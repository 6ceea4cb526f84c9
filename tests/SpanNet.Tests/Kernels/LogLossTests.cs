using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public class LogLossTests
{
    [Fact]
    public void MatchesTheDirectFormulaWhereThatIsSafe()
    {
        var random = new Random(51);
        float[] z = [.. Enumerable.Range(0, 100).Select(_ => (float)(random.NextDouble() * 20 - 10))];
        float[] t = [.. Enumerable.Range(0, 100).Select(_ => (float)random.Next(2))];
        double expected = 0;
        for (int k = 0; k < z.Length; k++)
        {
            double h = 1 / (1 + Math.Exp(-(double)z[k]));
            expected -= (t[k] * Math.Log(h)) + ((1 - t[k]) * Math.Log(1 - h));
        }

        Assert.Equal(expected, SimdKernels.LogLossSum(z, t), 1e-9);
    }

    [Theory]
    [InlineData(1e4f, 1f, 0.0)]
    [InlineData(-1e4f, 0f, 0.0)]
    [InlineData(1e4f, 0f, 1e4)]
    [InlineData(-1e4f, 1f, 1e4)]
    [InlineData(40f, 1f, 4.248354255291589e-18)]
    [InlineData(0f, 1f, 0.6931471805599453)]
    public void SaturatedLogitsGiveFiniteExactLoss(float z, float t, double expected)
    {
        double loss = SimdKernels.LogLossSum([z], [t]);
        Assert.True(double.IsFinite(loss));
        Assert.Equal(expected, loss, expected * 1e-12);
    }

    [Fact]
    public void EmptyIsZero() => Assert.Equal(0.0, SimdKernels.LogLossSum([], []));
}

public class LogLossVectorTests
{
    /// <summary>
    /// The vector body (double exp/log of the vector types) and the scalar remainder must agree
    /// with the two-softplus textbook form in double for every length, soft targets and logits
    /// from deep saturation to zero.
    /// </summary>
    [Fact]
    public void EveryLengthMatchesTheTwoSoftplusForm()
    {
        var random = new Random(52);
        for (int n = 0; n <= 70; n++)
        {
            float[] z = [.. Enumerable.Range(0, n).Select(i => (float)((random.NextDouble() * 2 - 1) * (i % 3 == 0 ? 120 : 12)))];
            float[] t = [.. Enumerable.Range(0, n).Select(i => i % 4 == 0 ? (float)random.NextDouble() : random.Next(2))];
            AssertMatchesTwoSoftplusForm(z, t);
        }
    }

    /// <summary>
    /// Long inputs run the logarithm-of-a-product through many flushes; tiny terms (deep
    /// saturation, e^(−|z|) near 1e−13) must keep their relative accuracy, not drown in the product's 1.
    /// </summary>
    [Theory]
    [InlineData(5000, 12.0)]
    [InlineData(4099, 120.0)]
    [InlineData(10000, 0.0)]
    public void LongInputsMatchTheTwoSoftplusForm(int n, double spread)
    {
        var random = new Random(n);
        float[] z = [.. Enumerable.Range(0, n).Select(_ => spread == 0 ? -30f : (float)((random.NextDouble() * 2 - 1) * spread))];
        float[] t = [.. Enumerable.Range(0, n).Select(i => spread == 0 ? 0f : i % 4 == 0 ? (float)random.NextDouble() : random.Next(2))];
        AssertMatchesTwoSoftplusForm(z, t);
    }

    /// <summary>The sum against Σ t·softplus(−z) + (1 − t)·softplus(z) in double, to 1e−13 of Σ|terms|.</summary>
    private static void AssertMatchesTwoSoftplusForm(float[] z, float[] t)
    {
        double expected = 0, magnitude = 0;
        for (int k = 0; k < z.Length; k++)
        {
            double tk = t[k];
            double term = (tk * Softplus(-(double)z[k])) + ((1 - tk) * Softplus(z[k]));
            expected += term;
            magnitude += Math.Abs(term);
        }

        double actual = SimdKernels.LogLossSum(z, t);
        Assert.True(Math.Abs(actual - expected) <= 1e-13 * magnitude, $"n = {z.Length}: {actual:R} vs {expected:R}");
    }

    /// <summary>
    /// softplus(v) = max(v, 0) + log(1 + e^(−|v|)), independent of the library's own helper:
    /// log(1 + e) = 2·atanh(e / (2 + e)) keeps its relative accuracy for tiny e.
    /// </summary>
    private static double Softplus(double v)
    {
        double e = Math.Exp(-Math.Abs(v));
        return Math.Max(v, 0) + (2 * Math.Atanh(e / (2 + e)));
    }
}
