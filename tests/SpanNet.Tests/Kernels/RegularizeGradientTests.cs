using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public sealed class RegularizeGradientTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    /// <summary>g ← (Δ + λθ)·s and Σθ² in one pass, against float64, for every length and offset, nothing written outside; Δ either g itself or a separate row.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void MatchesFloat64Reference(SimdPath path)
    {
        var random = new Random(71);
        foreach (int n in KernelTestData.Lengths())
        {
            bool inPlace = random.Next(2) == 0;
            float lambda = (float)(random.NextDouble() * 3), scale = 1f / (1 + random.Next(5000));
            GuardedBuffer gradient = KernelTestData.Random(random, n), theta = KernelTestData.Random(random, n);
            GuardedBuffer delta = inPlace ? gradient : KernelTestData.Random(random, n);
            float[] g0 = delta.Copy();
            double squares = 0;
            for (int i = 0; i < n; i++)
            {
                squares += (double)theta.Span[i] * theta.Span[i];
            }

            float sum = SimdKernels.RegularizeGradientUnchecked(
                path, ref MemoryMarshal.GetReference(delta.Span), ref MemoryMarshal.GetReference(theta.Span), ref MemoryMarshal.GetReference(gradient.Span), n, lambda, scale);

            KernelTestData.AssertClose(squares, sum, KernelTestData.SumTolerance(n, squares), () => $"{path} Σθ² n={n}");
            for (int i = 0; i < n; i++)
            {
                double expected = (g0[i] + ((double)lambda * theta.Span[i])) * scale;
                double bound = ((Math.Abs(g0[i]) + Math.Abs(lambda * theta.Span[i])) * scale * 3 * Math.Pow(2, -24)) + 1e-30;
                KernelTestData.AssertClose(expected, gradient.Span[i], bound, () => $"{path} g n={n} i={i}");
            }

            if (!inPlace)
            {
                Assert.Equal(g0, delta.Copy());   // Δ is only read
            }

            gradient.AssertGuardsIntact();
            theta.AssertGuardsIntact();
            delta.AssertGuardsIntact();
        }
    }
}
