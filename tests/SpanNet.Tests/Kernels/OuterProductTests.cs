using System.Runtime.InteropServices;
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
    /// Every element gets exactly one multiply-add of its own operands, at every alignment of the
    /// matrix (0 … 15 floats past a 64-byte boundary) and wherever a vector crosses from one row into
    /// the next (the flat kernel's boundary vectors, its unaligned first and last vectors stored
    /// after the body); nothing outside the matrix is written.
    /// </summary>
    [Theory]
    [MemberData(nameof(Paths))]
    public void EveryElementGetsExactlyOneMultiplyAddOfItsOperands(SimdPath path)
    {
        // Rows at least one vector long take a vector kernel's fused multiply-add (rows over 64 floats the
        // flat kernel, 256-bit on both wide tiers; shorter ones the two-row kernel of the tier's width);
        // rows shorter than a vector the scalar form, rounded twice.
        bool hardwareFma = System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported;
        int vectorWidth = path switch { SimdPath.Vector128 => 4, SimdPath.Vector256 => 8, SimdPath.Vector512 => 16, _ => int.MaxValue };
        var random = new Random(22);
        foreach (int rows in new[] { 1, 2, 3, 7, 25 })
        {
            foreach (int length in Enumerable.Range(1, 40).Concat([63, 64]).Concat(Enumerable.Range(65, 20)).Concat([100, 129, 401, 785]))
            {
                float alpha = (float)random.NextDouble() * 4 - 2;
                float[] x = [.. KernelTestData.Random(random, rows).Span], y = [.. KernelTestData.Random(random, length).Span];
                float[] original = [.. KernelTestData.Random(random, rows * length).Span];
                float[] expected = new float[original.Length];
                for (int i = 0; i < rows; i++)
                {
                    float scale = alpha * x[i];
                    for (int j = 0; j < length; j++)
                    {
                        float before = original[(i * length) + j];
                        expected[(i * length) + j] = hardwareFma && length >= vectorWidth ? MathF.FusedMultiplyAdd(y[j], scale, before) : (y[j] * scale) + before;
                    }
                }

                float[] buffer = GC.AllocateArray<float>(original.Length + 48, pinned: true);
                int firstLine = (int)((64 - (Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0) & 63)) & 63) / sizeof(float);
                for (int offset = 0; offset < 16; offset++)
                {
                    int start = firstLine + offset;
                    Array.Fill(buffer, float.NaN);
                    original.CopyTo(buffer, start);
                    Span<float> matrix = buffer.AsSpan(start, original.Length);

                    SimdKernels.AddOuterProduct(path, alpha, x, y, matrix, biasColumn: false);

                    KernelTestData.AssertBitwiseEqual(expected, matrix, $"{path} {rows}x{length}, {offset} floats past a line", "expected");
                    Assert.True(AllNaN(buffer.AsSpan(0, start)), $"{path} {rows}x{length}, offset {offset}: wrote before the matrix");
                    Assert.True(AllNaN(buffer.AsSpan(start + original.Length)), $"{path} {rows}x{length}, offset {offset}: wrote after the matrix");
                }
            }
        }
    }

    private static bool AllNaN(ReadOnlySpan<float> values)
    {
        foreach (float value in values)
        {
            if (!float.IsNaN(value))
            {
                return false;
            }
        }

        return true;
    }
}
