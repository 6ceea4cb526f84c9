using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public class GemvTransposedTests
{
    private static readonly int[] RowCounts = [0, 1, 2, 3, 5, 10, 25];

    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void TransposedMatchesFloat64ReferenceForAllShapes(SimdPath path)
    {
        var random = new Random(11);
        foreach (bool accumulate in new[] { false, true })
        {
            foreach (int rows in RowCounts)
            {
                foreach (int columns in KernelTestData.Lengths())
                {
                    Run(path, random, rows, columns, accumulate);
                }
            }
        }
    }

    /// <summary>Matrices above 128 Ki elements take the row-streaming kernel.</summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void LargeMatricesMatchFloat64Reference(SimdPath path)
    {
        var random = new Random(14);
        foreach (bool accumulate in new[] { false, true })
        {
            foreach (int rows in new[] { 33, 66, 131 })
            {
                foreach (int columns in new[] { 1024, 4000, 4001, 4015 })
                {
                    Run(path, random, rows, columns, accumulate);
                }
            }
        }

        foreach (int columns in new[] { 4096, 4103 })
        {
            float[] theta = [.. Enumerable.Range(0, 40 * (columns + 1)).Select(_ => (float)random.NextDouble() - 0.5f)];
            float[] delta = [.. Enumerable.Range(0, 40).Select(_ => (float)random.NextDouble() - 0.5f)];
            float[] a = [.. Enumerable.Range(0, columns).Select(_ => (float)random.NextDouble())];
            float[] viaLarge = new float[columns];
            SimdKernels.BackpropDelta(path, theta, 40, delta, a, viaLarge);
            for (int j = 0; j < columns; j++)
            {
                double sum = 0, absolute = 0;
                for (int i = 0; i < 40; i++)
                {
                    double term = (double)theta[(i * (columns + 1)) + j + 1] * delta[i];
                    sum += term;
                    absolute += Math.Abs(term);
                }

                double derivative = (double)a[j] * (1 - a[j]);
                KernelTestData.AssertClose(sum * derivative, viaLarge[j], (KernelTestData.SumTolerance(43, absolute) * derivative) + 1e-30, () => $"{path} backprop 40x{columns} unit {j}");
            }

            float[] inPlace = (float[])a.Clone();
            SimdKernels.BackpropDelta(path, theta, 40, delta, inPlace, inPlace);
            for (int j = 0; j < columns; j++)
            {
                KernelTestData.AssertClose(viaLarge[j], inPlace[j], Math.Abs(viaLarge[j]) * 1e-5, () => $"{path} in-place 40x{columns} unit {j}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void BackpropDeltaMatchesFloat64ReferenceForAllShapes(SimdPath path)
    {
        var random = new Random(12);
        foreach (int rows in new[] { 0, 1, 4, 10, 25 })
        {
            foreach (int units in KernelTestData.Lengths())
            {
                GuardedBuffer theta = KernelTestData.Random(random, rows * (units + 1));
                GuardedBuffer deltaNext = KernelTestData.Random(random, rows);
                GuardedBuffer a = KernelTestData.Random(random, units);
                for (int j = 0; j < units; j++)
                {
                    a.Span[j] = (a.Span[j] + 1) / 2;
                }

                GuardedBuffer destination = KernelTestData.Random(random, units);
                float[] t0 = theta.Copy(), d0 = deltaNext.Copy(), a0 = a.Copy();

                SimdKernels.BackpropDelta(path, theta.Span, rows, deltaNext.Span, a.Span, destination.Span);

                for (int j = 0; j < units; j++)
                {
                    double sum = 0, absolute = 0;
                    for (int i = 0; i < rows; i++)
                    {
                        double term = (double)t0[(i * (units + 1)) + j + 1] * d0[i];
                        sum += term;
                        absolute += Math.Abs(term);
                    }

                    double derivative = (double)a0[j] * (1 - a0[j]);
                    KernelTestData.AssertClose(
                        sum * derivative, destination.Span[j], (KernelTestData.SumTolerance(rows + 3, absolute) * derivative) + 1e-30, () => $"{path} {rows}x{units} unit {j}");
                }

                destination.AssertGuardsIntact();
                theta.AssertGuardsIntact();
                a.AssertGuardsIntact();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void BackpropDeltaWorksInPlaceOverTheActivations(SimdPath path)
    {
        var random = new Random(13);
        foreach (int units in KernelTestData.Lengths().Where(n => n < 100))
        {
            float[] theta = [.. Enumerable.Range(0, 7 * (units + 1)).Select(_ => (float)random.NextDouble() - 0.5f)];
            float[] delta = [.. Enumerable.Range(0, 7).Select(_ => (float)random.NextDouble() - 0.5f)];
            float[] a = [.. Enumerable.Range(0, units).Select(_ => (float)random.NextDouble())];
            float[] expected = new float[units];
            SimdKernels.BackpropDelta(path, theta, 7, delta, a, expected);
            SimdKernels.BackpropDelta(path, theta, 7, delta, a, a);
            Assert.Equal(expected, a);
        }
    }

    private static void Run(SimdPath path, Random random, int rows, int columns, bool accumulate)
    {
        GuardedBuffer w = KernelTestData.Random(random, rows * columns);
        GuardedBuffer x = KernelTestData.Random(random, rows);
        GuardedBuffer y = KernelTestData.Random(random, columns);
        float[] w0 = w.Copy(), x0 = x.Copy(), y0 = y.Copy();

        SimdKernels.GemvTransposed(path, w.Span, rows, columns, x.Span, y.Span, accumulate);

        for (int j = 0; j < columns; j++)
        {
            double sum = accumulate ? y0[j] : 0, absolute = Math.Abs(sum);
            for (int i = 0; i < rows; i++)
            {
                double term = (double)w0[(i * columns) + j] * x0[i];
                sum += term;
                absolute += Math.Abs(term);
            }

            KernelTestData.AssertClose(sum, y.Span[j], KernelTestData.SumTolerance(rows + 1, absolute), () => $"{path} accumulate={accumulate} {rows}x{columns} column {j}");
        }

        w.AssertGuardsIntact();
        x.AssertGuardsIntact();
        y.AssertGuardsIntact();
    }
}
