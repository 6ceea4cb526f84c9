using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>The finiteness check the inference and training entry points run on their inputs, on every tier.</summary>
public sealed class IndexOfNonFiniteTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    private static readonly float[] NonFinite = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(unchecked((int)0xFFC00001))];

    // Finite values the trick x·0 must not mistake: the extremes, subnormals, both zeros.
    private static readonly float[] Awkward = [float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon, 0f, -0f, 1e-40f, 3.4e38f];

    [Theory]
    [MemberData(nameof(Paths))]
    public void Finds_the_first_non_finite_value_at_every_position(SimdPath path)
    {
        var random = new Random(17);
        foreach (int length in KernelTestData.Lengths().Where(n => n <= 100 || n % 97 == 0 || n >= 511))
        {
            GuardedBuffer buffer = KernelTestData.Random(random, length, scale: 1e30f);
            Span<float> values = buffer.Span;
            for (int i = 0; i < length; i += 1 + (i / 16))
            {
                values[i] = Awkward[i % Awkward.Length];
            }

            Assert.True(SimdKernels.AllFinite(path, values), $"{path}, length {length}: the NaN guards around the span were read");
            Assert.Equal(-1, SimdKernels.IndexOfNonFinite(path, values));
            for (int at = 0; at < length; at += 1 + (length / 40))
            {
                float saved = values[at];
                values[at] = NonFinite[at % NonFinite.Length];
                Assert.True(at == SimdKernels.IndexOfNonFinite(path, values), $"{path}, length {length}: {values[at]} at {at}");
                if (at + 3 < length)
                {
                    values[at + 3] = float.NaN; // a later one does not hide the first
                    Assert.Equal(at, SimdKernels.IndexOfNonFinite(path, values));
                    values[at + 3] = 1f;
                }

                values[at] = saved;
            }

            buffer.AssertGuardsIntact();
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Values_just_outside_the_span_are_not_read(SimdPath path)
    {
        float[] array = [float.NaN, .. Enumerable.Range(1, 40).Select(i => (float)i), float.PositiveInfinity];
        for (int length = 0; length <= 40; length++)
        {
            // The vector check itself, not only the index: a scan of the span alone would hide an over-read.
            Assert.True(SimdKernels.AllFinite(path, array.AsSpan(1, length)), $"{path}, length {length}");
            Assert.Equal(-1, SimdKernels.IndexOfNonFinite(path, array.AsSpan(1, length)));
        }
    }
}
