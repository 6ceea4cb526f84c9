using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public sealed class AdamUpdateTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    /// <summary>
    /// The vectorized update uses only correctly rounded operations in the scalar formula's order,
    /// so every tier must reproduce the textbook scalar loop bit for bit, at every length and
    /// offset, without touching memory outside the spans.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_tier_matches_the_scalar_formula_bit_for_bit(SimdPath path)
    {
        var random = new Random(42);
        foreach (int length in KernelTestData.Lengths())
        {
            var step = new AdamStep(Beta1: 0.9f, Beta2: 0.999f, Epsilon: 1e-8f, StepSize: 0.01f / 0.19f, InverseSqrtSecondMomentCorrection: 22.36068f);
            GuardedBuffer parameters = KernelTestData.Random(random, length);
            GuardedBuffer gradient = KernelTestData.Random(random, length, scale: 3f);
            GuardedBuffer first = KernelTestData.Random(random, length, scale: 0.5f);
            GuardedBuffer second = KernelTestData.Random(random, length, scale: 0.5f);
            for (int i = 0; i < length; i++)
            {
                second.Span[i] = Math.Abs(second.Span[i]);
            }

            if (length > 3)
            {
                gradient.Span[length - 1] = 0f;
                second.Span[length - 1] = 0f;
                first.Span[length - 1] = 0f;
            }

            float[] expectedParameters = parameters.Copy();
            float[] expectedFirst = first.Copy();
            float[] expectedSecond = second.Copy();
            float[] g = gradient.Copy();
            for (int i = 0; i < length; i++)
            {
                float m = expectedFirst[i] = (step.Beta1 * expectedFirst[i]) + ((1 - step.Beta1) * g[i]);
                float v = expectedSecond[i] = (step.Beta2 * expectedSecond[i]) + ((1 - step.Beta2) * g[i] * g[i]);
                expectedParameters[i] -= step.StepSize * m / ((MathF.Sqrt(v) * step.InverseSqrtSecondMomentCorrection) + step.Epsilon);
            }

            SimdKernels.AdamUpdateUnchecked(
                path,
                step,
                ref MemoryMarshal.GetReference(parameters.Span),
                ref MemoryMarshal.GetReference(gradient.Span),
                ref MemoryMarshal.GetReference(first.Span),
                ref MemoryMarshal.GetReference(second.Span),
                length);

            KernelTestData.AssertBitwiseEqual(expectedParameters, parameters.Span, $"{path}, length {length}: θ", "the scalar formula gives");
            KernelTestData.AssertBitwiseEqual(expectedFirst, first.Span, $"{path}, length {length}: m", "the scalar formula gives");
            KernelTestData.AssertBitwiseEqual(expectedSecond, second.Span, $"{path}, length {length}: v", "the scalar formula gives");
            KernelTestData.AssertBitwiseEqual(g, gradient.Span, $"{path}, length {length}: g (read only)", "the scalar formula gives");
            parameters.AssertGuardsIntact();
            gradient.AssertGuardsIntact();
            first.AssertGuardsIntact();
            second.AssertGuardsIntact();
        }
    }
}
