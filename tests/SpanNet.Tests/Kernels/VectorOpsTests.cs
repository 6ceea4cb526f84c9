using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>Dot, Axpy and Scale: the BLAS-1 helpers.</summary>
public class VectorOpsTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void DotMatchesFloat64Reference(SimdPath path)
    {
        var random = new Random(31);
        foreach (int n in KernelTestData.Lengths())
        {
            GuardedBuffer x = KernelTestData.Random(random, n), y = KernelTestData.Random(random, n);
            double sum = 0, absolute = 0;
            for (int i = 0; i < n; i++)
            {
                double term = (double)x.Span[i] * y.Span[i];
                sum += term;
                absolute += Math.Abs(term);
            }

            KernelTestData.AssertClose(sum, SimdKernels.Dot(path, x.Span, y.Span), KernelTestData.SumTolerance(n, absolute), () => $"{path} dot n={n}");
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void AxpyMatchesReferenceOutOfPlaceAndInPlace(SimdPath path)
    {
        var random = new Random(32);
        foreach (int n in KernelTestData.Lengths())
        {
            float alpha = (float)random.NextDouble() * 2 - 1;
            GuardedBuffer x = KernelTestData.Random(random, n), y = KernelTestData.Random(random, n);
            float[] x0 = x.Copy(), y0 = y.Copy();
            SimdKernels.Axpy(path, alpha, x.Span, y.Span);
            for (int i = 0; i < n; i++)
            {
                double expected = y0[i] + ((double)alpha * x0[i]);
                KernelTestData.AssertClose(expected, y.Span[i], (Math.Abs(y0[i]) + Math.Abs(alpha * x0[i])) * 3 * Math.Pow(2, -24), () => $"{path} axpy n={n} i={i}");
            }

            SimdKernels.Axpy(path, alpha, x.Span, x.Span);
            for (int i = 0; i < n; i++)
            {
                KernelTestData.AssertClose(x0[i] * (1.0 + alpha), x.Span[i], Math.Abs(x0[i]) * 4 * Math.Pow(2, -24), () => $"{path} in-place axpy n={n} i={i}");
            }

            x.AssertGuardsIntact();
            y.AssertGuardsIntact();
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void ScaleIsExactPerElementOutOfPlaceAndInPlace(SimdPath path)
    {
        var random = new Random(33);
        foreach (int n in KernelTestData.Lengths())
        {
            float alpha = (float)random.NextDouble() * 3;
            GuardedBuffer x = KernelTestData.Random(random, n), y = KernelTestData.Random(random, n);
            float[] x0 = x.Copy();
            SimdKernels.Scale(path, x.Span, alpha, y.Span);
            Assert.Equal(x0.Select(v => v * alpha).ToArray(), y.Copy());
            SimdKernels.Scale(path, x.Span, alpha, x.Span);
            Assert.Equal(x0.Select(v => v * alpha).ToArray(), x.Copy());
            x.AssertGuardsIntact();
            y.AssertGuardsIntact();
        }
    }
}
