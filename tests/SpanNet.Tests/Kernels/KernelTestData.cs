using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>Buffers, references and tolerances shared by the kernel tests.</summary>
internal static class KernelTestData
{
    /// <summary>Every tier this process can run, for [Theory] data.</summary>
    public static TheoryData<SimdPath> Paths()
    {
        var data = new TheoryData<SimdPath>();
        foreach (SimdPath path in SimdInfo.SupportedPaths)
        {
            data.Add(path);
        }

        return data;
    }

    /// <summary>Every length 0..260 and a few large ones.</summary>
    public static IEnumerable<int> Lengths() => Enumerable.Range(0, 261).Concat([511, 1000, 1024, 4099]);

    /// <summary>
    /// A span of <paramref name="length"/> random values in [−1, 1] at a random offset inside a
    /// larger array whose other elements are NaN: a kernel that reads past the span turns a
    /// result into NaN, one that writes past it changes the guard (see <see cref="GuardedBuffer.AssertGuardsIntact"/>).
    /// </summary>
    public static GuardedBuffer Random(Random random, int length, float scale = 1f)
    {
        var buffer = new GuardedBuffer(random, length);
        for (int i = 0; i < length; i++)
        {
            buffer.Span[i] = ((float)random.NextDouble() * 2 - 1) * scale;
        }

        return buffer;
    }

    /// <summary>
    /// Worst-case bound for a float sum of n products against the exact value: γ_n·Σ|terms|
    /// (γ_n ≈ n·2⁻²⁴ whatever the summation order), plus a tiny absolute floor.
    /// </summary>
    public static double SumTolerance(int terms, double absoluteSum) => ((terms + 2) * Math.Pow(2, -24) * absoluteSum) + 1e-30;

    /// <summary>Asserts |actual − expected| ≤ tolerance; <paramref name="what"/> is only formatted on failure.</summary>
    /// <summary>Every element equal bit for bit (so −0 ≠ +0 and NaN payloads count).</summary>
    public static void AssertBitwiseEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string where, string reference)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{where}[{i}] = {actual[i]:R}, {reference} {expected[i]:R}");
            }
        }
    }

    public static void AssertClose(double expected, float actual, double tolerance, Func<string> what)
    {
        double error = Math.Abs(actual - expected);
        if (!(error <= tolerance))
        {
            Assert.Fail($"{what()}: expected {expected:R}, got {actual:R} (error {error:E3} > tolerance {tolerance:E3})");
        }
    }
}

/// <summary>A span inside a NaN-filled array, at a random offset.</summary>
internal sealed class GuardedBuffer
{
    private const int GuardLength = 70;
    private readonly float[] array;
    private readonly int offset;
    private readonly int length;

    public GuardedBuffer(Random random, int length)
    {
        this.length = length;
        offset = GuardLength + random.Next(0, 17);
        array = new float[offset + length + GuardLength];
        array.AsSpan().Fill(float.NaN);
    }

    public Span<float> Span => array.AsSpan(offset, length);

    public float[] Copy() => Span.ToArray();

    public void AssertGuardsIntact()
    {
        for (int i = 0; i < array.Length; i++)
        {
            if (i >= offset && i < offset + length)
            {
                continue;
            }

            Assert.True(float.IsNaN(array[i]), $"Element {i - offset} relative to the span start was written (span length {length}).");
        }
    }
}
