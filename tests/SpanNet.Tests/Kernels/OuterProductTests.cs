using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

public class OuterProductTests
{
    public static TheoryData<SimdPath> Paths => KernelTestData.Paths();

    [Theory]
    [MemberData(nameof(Paths))]
    public void AddOuterProductMatchesFloat64ReferenceForAllShapes(SimdPath path)
    {
        var random = new Random(21);
        foreach (bool biasColumn in new[] { false, true })
        {
            foreach (int rows in new[] { 0, 1, 3, 10, 25 })
            {
                foreach (int length in KernelTestData.Lengths())
                {
                    int columns = length + (biasColumn ? 1 : 0);
                    float alpha = (float)random.NextDouble() * 4 - 2;
                    GuardedBuffer x = KernelTestData.Random(random, rows);
                    GuardedBuffer y = KernelTestData.Random(random, length);
                    GuardedBuffer m = KernelTestData.Random(random, rows * columns);
                    float[] x0 = x.Copy(), y0 = y.Copy(), m0 = m.Copy();

                    SimdKernels.AddOuterProduct(path, alpha, x.Span, y.Span, m.Span, biasColumn);

                    for (int i = 0; i < rows; i++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            double yj = biasColumn ? (j == 0 ? 1 : y0[j - 1]) : y0[j];
                            double product = (double)(alpha * x0[i]) * yj;
                            double expected = m0[(i * columns) + j] + product;
                            double tolerance = (Math.Abs(product) + Math.Abs(m0[(i * columns) + j])) * 3 * Math.Pow(2, -24);
                            KernelTestData.AssertClose(expected, m.Span[(i * columns) + j], tolerance, () => $"{path} bias={biasColumn} {rows}x{columns} [{i},{j}]");
                        }
                    }

                    x.AssertGuardsIntact();
                    y.AssertGuardsIntact();
                    m.AssertGuardsIntact();
                }
            }
        }
    }
}
