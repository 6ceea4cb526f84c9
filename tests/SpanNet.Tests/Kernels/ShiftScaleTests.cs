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

            SimdKernels.ShiftScaleUnchecked(path, ref MemoryMarshal.GetReference(x.Span), ref MemoryMarshal.GetReference(offset.Span), ref MemoryMarshal.GetReference(scale.Span), ref MemoryMarshal.GetReference(destination.Span), length);
            KernelTestData.AssertBitwiseEqual(expected, destination.Span, $"{path}, length {length}", "(x − offset)·scale gives");

            // In place: the destination is the input itself.
            SimdKernels.ShiftScaleUnchecked(path, ref MemoryMarshal.GetReference(x.Span), ref MemoryMarshal.GetReference(offset.Span), ref MemoryMarshal.GetReference(scale.Span), ref MemoryMarshal.GetReference(x.Span), length);
            KernelTestData.AssertBitwiseEqual(expected, x.Span, $"{path}, length {length}, in place", "(x − offset)·scale gives");
            x.AssertGuardsIntact();
            offset.AssertGuardsIntact();
            scale.AssertGuardsIntact();
            destination.AssertGuardsIntact();
        }
    }
}
