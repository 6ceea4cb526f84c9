using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public class GemvTests
{
    private static readonly int[] RowCounts = [0, 1, 2, 3, 4, 5, 7, 8, 9, 25];

    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void GemvMatchesFloat64ReferenceForAllShapes(SimdPath path)
    {
        var random = new Random(1);
        foreach (int rows in RowCounts)
        {
            foreach (int columns in KernelTestData.Lengths())
            {
                RunGemv(path, random, rows, columns, SimdKernels.GemvStart.Zero);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void GemvAddAccumulatesForAllShapes(SimdPath path)
    {
        var random = new Random(2);
        foreach (int rows in new[] { 1, 4, 6 })
        {
            foreach (int columns in KernelTestData.Lengths())
            {
                RunGemv(path, random, rows, columns, SimdKernels.GemvStart.Destination);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void GemvBiasColumnAddsColumnZeroForAllShapes(SimdPath path)
    {
        var random = new Random(3);
        foreach (int rows in new[] { 0, 1, 3, 4, 10, 25 })
        {
            foreach (int inputs in KernelTestData.Lengths())
            {
                RunGemv(path, random, rows, inputs + 1, SimdKernels.GemvStart.BiasColumn);
            }
        }
    }

    [Fact]
    public void PublicEntryPointsAgreeWithActivePath()
    {
        var random = new Random(4);
        float[] w = [.. Enumerable.Range(0, 25 * 401).Select(_ => (float)random.NextDouble() - 0.5f)];
        float[] x = [.. Enumerable.Range(0, 401).Select(_ => (float)random.NextDouble())];
        float[] viaPublic = new float[25], viaPath = new float[25];
        SimdKernels.Gemv(w, 25, 401, x, viaPublic);
        SimdKernels.Gemv(SimdInfo.ActivePath, w, 25, 401, x, viaPath, SimdKernels.GemvStart.Zero);
        Assert.Equal(viaPath, viaPublic);
    }

    private static void RunGemv(SimdPath path, Random random, int rows, int columns, SimdKernels.GemvStart start)
    {
        int xLength = start == SimdKernels.GemvStart.BiasColumn ? columns - 1 : columns;
        GuardedBuffer w = KernelTestData.Random(random, rows * columns);
        GuardedBuffer x = KernelTestData.Random(random, xLength);
        GuardedBuffer y = KernelTestData.Random(random, rows);
        float[] w0 = w.Copy(), x0 = x.Copy(), y0 = y.Copy();

        SimdKernels.Gemv(path, w.Span, rows, columns, x.Span, y.Span, start);

        for (int i = 0; i < rows; i++)
        {
            double sum = 0, absolute = 0;
            int first = 0;
            if (start == SimdKernels.GemvStart.Destination)
            {
                sum = y0[i];
                absolute = Math.Abs(y0[i]);
            }
            else if (start == SimdKernels.GemvStart.BiasColumn)
            {
                sum = w0[i * columns];
                absolute = Math.Abs(sum);
                first = 1;
            }

            for (int j = first; j < columns; j++)
            {
                double term = (double)w0[(i * columns) + j] * x0[j - first];
                sum += term;
                absolute += Math.Abs(term);
            }

            KernelTestData.AssertClose(sum, y.Span[i], KernelTestData.SumTolerance(columns + 1, absolute), () => $"{path} {start} {rows}x{columns} row {i}");
        }

        Assert.Equal(w0, w.Copy());
        Assert.Equal(x0, x.Copy());
        w.AssertGuardsIntact();
        x.AssertGuardsIntact();
        y.AssertGuardsIntact();
    }
}
