using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public sealed class MomentumUpdateTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    /// <summary>
    /// The one-pass update must give the bits of the three passes it replaces (v ← v·μ, v ← v − α·g,
    /// θ ← θ + v with this tier's Scale and Axpy) at every length, without touching memory outside
    /// the spans or writing the gradient.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Matches_scale_then_two_axpys_bit_for_bit(SimdPath path)
    {
        var random = new Random(7);
        const float momentum = 0.9f, learningRate = 0.037f;
        foreach (int length in KernelTestData.Lengths())
        {
            GuardedBuffer parameters = KernelTestData.Random(random, length);
            GuardedBuffer gradient = KernelTestData.Random(random, length, scale: 3f);
            GuardedBuffer velocity = KernelTestData.Random(random, length, scale: 0.5f);
            float[] expectedParameters = parameters.Copy();
            float[] expectedVelocity = velocity.Copy();
            float[] g = gradient.Copy();
            SimdKernels.ScaleUnchecked(path, ref MemoryMarshal.GetArrayDataReference(expectedVelocity), momentum, ref MemoryMarshal.GetArrayDataReference(expectedVelocity), length);
            SimdKernels.AxpyUnchecked(path, -learningRate, ref MemoryMarshal.GetArrayDataReference(g), ref MemoryMarshal.GetArrayDataReference(expectedVelocity), length);
            SimdKernels.AxpyUnchecked(path, 1f, ref MemoryMarshal.GetArrayDataReference(expectedVelocity), ref MemoryMarshal.GetArrayDataReference(expectedParameters), length);

            SimdKernels.MomentumUpdateUnchecked(
                path,
                momentum,
                learningRate,
                ref MemoryMarshal.GetReference(parameters.Span),
                ref MemoryMarshal.GetReference(gradient.Span),
                ref MemoryMarshal.GetReference(velocity.Span),
                length);

            KernelTestData.AssertBitwiseEqual(expectedParameters, parameters.Span, $"{path}, length {length}: θ", "Scale + Axpy + Axpy give");
            KernelTestData.AssertBitwiseEqual(expectedVelocity, velocity.Span, $"{path}, length {length}: v", "Scale + Axpy + Axpy give");
            KernelTestData.AssertBitwiseEqual(g, gradient.Span, $"{path}, length {length}: g (read only)", "Scale + Axpy + Axpy give");
            parameters.AssertGuardsIntact();
            gradient.AssertGuardsIntact();
            velocity.AssertGuardsIntact();
        }
    }
}
