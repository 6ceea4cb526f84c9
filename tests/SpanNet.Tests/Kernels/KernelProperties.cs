using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpanNet.Kernels;

namespace SpanNet.Tests.Kernels;

/// <summary>Algebraic facts the kernels must satisfy on every path, over random shapes and data.</summary>
public class KernelProperties
{
    [Property(MaxTest = 200)]
    public Property TransposedProductEqualsProductWithExplicitTranspose() =>
        Prop.ForAll(Shapes(), Seeds(), (shape, seed) =>
        {
            (int rows, int columns) = shape;
            var random = new Random(seed);
            float[] w = RandomArray(random, rows * columns);
            float[] x = RandomArray(random, rows);
            float[] transpose = new float[columns * rows];
            for (int i = 0; i < rows; i++)
            {
                for (int j = 0; j < columns; j++)
                {
                    transpose[(j * rows) + i] = w[(i * columns) + j];
                }
            }

            return SimdInfo.SupportedPaths.All(path =>
            {
                float[] viaTransposed = new float[columns], viaGemv = new float[columns];
                SimdKernels.GemvTransposed(path, w, rows, columns, x, viaTransposed, accumulate: false);
                SimdKernels.Gemv(path, transpose, columns, rows, x, viaGemv, SimdKernels.GemvStart.Zero);
                return Close(viaTransposed, viaGemv, rows);
            }).Label($"{rows}x{columns}");
        });

    [Property(MaxTest = 200)]
    public Property GemvIsLinearInX() =>
        Prop.ForAll(Shapes(), Seeds(), (shape, seed) =>
        {
            (int rows, int columns) = shape;
            var random = new Random(seed);
            float[] w = RandomArray(random, rows * columns);
            float[] u = RandomArray(random, columns), v = RandomArray(random, columns);
            float a = (float)random.NextDouble() * 2 - 1, b = (float)random.NextDouble() * 2 - 1;
            float[] combined = [.. u.Zip(v, (p, q) => (a * p) + (b * q))];
            float[] wu = new float[rows], wv = new float[rows], wc = new float[rows];
            SimdKernels.Gemv(w, rows, columns, u, wu);
            SimdKernels.Gemv(w, rows, columns, v, wv);
            SimdKernels.Gemv(w, rows, columns, combined, wc);
            float[] expected = [.. wu.Zip(wv, (p, q) => (a * p) + (b * q))];
            return Close(wc, expected, columns + 4).Label($"{rows}x{columns}");
        });

    [Property(MaxTest = 100)]
    public Property OuterProductAccumulationOrderDoesNotMatterBeyondRounding() =>
        Prop.ForAll(Shapes(), Seeds(), (shape, seed) =>
        {
            (int rows, int columns) = shape;
            var random = new Random(seed);
            float[][] xs = [.. Enumerable.Range(0, 5).Select(_ => RandomArray(random, rows))];
            float[][] ys = [.. Enumerable.Range(0, 5).Select(_ => RandomArray(random, columns))];
            float[] forward = new float[rows * columns], backward = new float[rows * columns];
            for (int k = 0; k < 5; k++)
            {
                SimdKernels.AddOuterProduct(1f, xs[k], ys[k], forward);
                SimdKernels.AddOuterProduct(1f, xs[4 - k], ys[4 - k], backward);
            }

            return Close(forward, backward, 8).Label($"{rows}x{columns}");
        });

    [Property(MaxTest = 100)]
    public Property GemvAddEqualsGemvPlusDestination() =>
        Prop.ForAll(Shapes(), Seeds(), (shape, seed) =>
        {
            (int rows, int columns) = shape;
            var random = new Random(seed);
            float[] w = RandomArray(random, rows * columns), x = RandomArray(random, columns), y = RandomArray(random, rows);
            float[] product = new float[rows];
            SimdKernels.Gemv(w, rows, columns, x, product);
            float[] accumulated = (float[])y.Clone();
            SimdKernels.GemvAdd(w, rows, columns, x, accumulated);
            return Close(accumulated, [.. product.Zip(y, (p, q) => p + q)], columns + 4).Label($"{rows}x{columns}");
        });

    private static Arbitrary<(int Rows, int Columns)> Shapes() =>
        Gen.Zip(Gen.Choose(0, 40), Gen.Choose(0, 70)).ToArbitrary();

    private static Arbitrary<int> Seeds() => Gen.Choose(0, int.MaxValue - 1).ToArbitrary();

    private static float[] RandomArray(Random random, int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble() * 2 - 1)];

    /// <summary>Element-wise agreement within terms·2⁻²³ of the larger magnitude (plus a floor for values near 0).</summary>
    private static bool Close(float[] a, float[] b, int terms) =>
        a.Length == b.Length && a.Zip(b).All(p => Math.Abs(p.First - p.Second) <= ((terms + 2) * Math.Pow(2, -23) * Math.Max(1.0, Math.Max(Math.Abs(p.First), Math.Abs(p.Second)))));
}
