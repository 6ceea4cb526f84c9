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

    /// <summary>
    /// Every element gets exactly one multiply-add of its own operands, whatever the matrix's
    /// alignment and wherever a vector crosses from one row into the next (the flat kernel's
    /// boundary vectors, its unaligned first and last vectors stored after the body).
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryElementGetsExactlyOneMultiplyAddOfItsOperands(SimdPath path)
    {
        // Rows at least one vector long (8 floats on both wide tiers, which run 256-bit vectors here, 4 on
        // Vector128) take the flat kernel's fused multiply-add; shorter rows the scalar form, rounded twice.
        bool hardwareFma = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
        int vectorWidth = path switch { SimdPath.Vector128 => 4, SimdPath.Vector256 or SimdPath.Vector512 => 8, _ => int.MaxValue };
        var random = new Random(22);
        foreach (int rows in new[] { 1, 2, 3, 7, 25, 64 })
        {
            foreach (int length in Enumerable.Range(1, 70).Concat([401, 785]))
            {
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    float alpha = (float)random.NextDouble() * 4 - 2;
                    GuardedBuffer x = KernelTestData.Random(random, rows);
                    GuardedBuffer y = KernelTestData.Random(random, length);
                    GuardedBuffer m = KernelTestData.Random(random, rows * length);
                    float[] x0 = x.Copy(), y0 = y.Copy(), m0 = m.Copy();

                    SimdKernels.AddOuterProduct(path, alpha, x.Span, y.Span, m.Span, biasColumn: false);

                    for (int i = 0; i < rows; i++)
                    {
                        float scale = alpha * x0[i];
                        for (int j = 0; j < length; j++)
                        {
                            float before = m0[(i * length) + j];
                            float expected = hardwareFma && length >= vectorWidth ? MathF.FusedMultiplyAdd(y0[j], scale, before) : (y0[j] * scale) + before;
                            float actual = m.Span[(i * length) + j];
                            Assert.True(
                                BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                                $"{path} {rows}x{length} [{i},{j}]: {actual:R}, expected {expected:R}");
                        }
                    }

                    m.AssertGuardsIntact();
                }
            }
        }
    }
}
