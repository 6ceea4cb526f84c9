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
                Assert.Equal(Reference(values), SimdKernels.ArgMax(path, values));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Reads_only_its_span(SimdPath path)
    {
        // +∞ on both sides: a read past either end would win (NaN guards would not show, since a NaN never wins).
        var random = new Random(29);
        foreach (int length in KernelTestData.Lengths().Where(n => n > 0))
        {
            float[] array = new float[length + 2];
            array[0] = array[^1] = float.PositiveInfinity;
            for (int i = 1; i <= length; i++)
            {
                array[i] = (float)random.NextDouble();
            }

            ReadOnlySpan<float> values = array.AsSpan(1, length);
            Assert.Equal(Reference(values.ToArray()), SimdKernels.ArgMax(path, values));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Ties_pick_the_first_and_a_NaN_wins_only_at_index_0(SimdPath path)
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
