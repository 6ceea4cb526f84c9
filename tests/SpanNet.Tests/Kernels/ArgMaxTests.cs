using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>The class an output row picks (accuracy counts, PredictClass, soft-target labels), on every tier.</summary>
public sealed class ArgMaxTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    // Values drawn from a small set, so ties, both zeros, infinities and NaNs meet often.
    private static readonly float[] Pool = [0f, -0f, 1f, -1f, 0.5f, 0.5f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.MaxValue, float.Epsilon, -float.Epsilon];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Picks_the_first_strictly_largest_value(SimdPath path)
    {
        var random = new Random(23);
        for (int length = 1; length <= 40; length++)
        {
            for (int trial = 0; trial < 200; trial++)
            {
                float[] values = [.. Enumerable.Range(0, length).Select(_ => trial % 2 == 0 ? Pool[random.Next(Pool.Length)] : (float)random.NextDouble())];
                Assert.True(Reference(values) == SimdKernels.ArgMax(path, values), $"{path}: [{string.Join(", ", values)}]");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Follows_the_textbook_rules_for_ties_zeros_and_NaN(SimdPath path)
    {
        Assert.Equal(0, SimdKernels.ArgMax(path, [3f]));
        Assert.Equal(0, SimdKernels.ArgMax(path, [2f, 2f, 1f]));            // ties: the first
        Assert.Equal(0, SimdKernels.ArgMax(path, [-0f, 0f]));               // +0 is not larger than −0
        Assert.Equal(0, SimdKernels.ArgMax(path, [float.NaN, 1f, 2f]));     // nothing is larger than a NaN in front
        Assert.Equal(2, SimdKernels.ArgMax(path, [1f, float.NaN, 2f]));     // a later NaN is skipped
        Assert.Equal(1, SimdKernels.ArgMax(path, [1f, float.PositiveInfinity, float.PositiveInfinity]));
        Assert.Equal(0, SimdKernels.ArgMax(path, [float.NegativeInfinity, float.NegativeInfinity]));
        Assert.Equal(9, SimdKernels.ArgMax(path, [.. Enumerable.Range(0, 10).Select(i => i * 0.1f)]));
        Assert.Throws<ArgumentException>(() => SimdKernels.ArgMax(path, []));
    }

    private static int Reference(float[] values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
        {
            best = values[k] > values[best] ? k : best;
        }

        return best;
    }
}
