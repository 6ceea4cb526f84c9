using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>The input-scaling kernel: the scalar formula's bits on every tier, in place too, nothing outside the span touched.</summary>
public sealed class ShiftScaleTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_length_gives_the_scalar_formulas_bits(SimdPath path)
    {
        var random = new Random(29);
        foreach (int length in KernelTestData.Lengths())
        {
            GuardedBuffer x = KernelTestData.Random(random, length, scale: 50f);
            GuardedBuffer offset = KernelTestData.Random(random, length, scale: 20f);
            GuardedBuffer scale = KernelTestData.Random(random, length, scale: 3f);
            GuardedBuffer destination = KernelTestData.Random(random, length);
            float[] expected = new float[length];
            for (int i = 0; i < length; i++)
            {
                float shifted = x.Span[i] - offset.Span[i];
                expected[i] = shifted * scale.Span[i];
            }

            Assert.True(SimdKernels.ShiftScaleUnchecked(path, ref MemoryMarshal.GetReference(x.Span), ref MemoryMarshal.GetReference(offset.Span), ref MemoryMarshal.GetReference(scale.Span), ref MemoryMarshal.GetReference(destination.Span), length));
            KernelTestData.AssertBitwiseEqual(expected, destination.Span, $"{path}, length {length}", "(x − offset)·scale gives");

            // In place: the destination is the input itself.
            Assert.True(SimdKernels.ShiftScaleUnchecked(path, ref MemoryMarshal.GetReference(x.Span), ref MemoryMarshal.GetReference(offset.Span), ref MemoryMarshal.GetReference(scale.Span), ref MemoryMarshal.GetReference(x.Span), length));
            KernelTestData.AssertBitwiseEqual(expected, x.Span, $"{path}, length {length}, in place", "(x − offset)·scale gives");
            x.AssertGuardsIntact();
            offset.AssertGuardsIntact();
            scale.AssertGuardsIntact();
            destination.AssertGuardsIntact();
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Reports_a_non_finite_result_at_any_position(SimdPath path)
    {
        var random = new Random(31);
        foreach (int length in KernelTestData.Lengths().Where(n => n > 0))
        {
            foreach (int at in new[] { 0, length / 2, length - 1 })
            {
                foreach (float raw in new[] { -3e38f, float.NaN, float.PositiveInfinity })
                {
                    float[] x = [.. KernelTestData.Random(random, length, scale: 50f).Span], offset = new float[length], scale = new float[length];
                    Array.Fill(scale, 0.5f);
                    x[at] = raw;
                    offset[at] = 3e38f;   // −3e38 − 3e38 overflows to −∞
                    float[] destination = new float[length];
                    bool finite = SimdKernels.ShiftScaleUnchecked(path, ref x[0], ref offset[0], ref scale[0], ref destination[0], length);
                    Assert.False(finite, $"{path}, length {length}, {raw} at {at}");
                    Assert.False(float.IsFinite(destination[at]));
                }
            }
        }
    }
}
