using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>The backward product y = Wᵀ·x without forming Wᵀ (<see cref="SimdKernels.GemvTransposed"/>).</summary>
[MemoryDiagnoser]
public class GemvTransposedBenchmarks
{
    private float[] matrix = [];
    private float[] x = [];
    private float[] destination = [];
    private int rows;
    private int columns;

    [ParamsSource(nameof(Shapes))]
    public MatrixShape Shape { get; set; }

    public static IEnumerable<MatrixShape> Shapes => MatrixShape.TrainerShapes;

    [GlobalSetup]
    public void Setup()
    {
        (rows, columns) = Shape;
        matrix = BenchData.Random(Shape.Length, seed: 1);
        x = BenchData.Random(rows, seed: 2);
        destination = new float[columns];

        BenchData.AssertVariantsAgree(destination, Scalar, (nameof(TensorPrimitives), TensorPrimitives), (nameof(SpanNetKernel), SpanNetKernel));
    }

    /// <summary>Row by row, y[j] += W[i, j]·x[i] (the cache-friendly order for a row-major W).</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        ReadOnlySpan<float> m = matrix;
        ReadOnlySpan<float> v = x;
        Span<float> y = destination;
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = m.Slice(i * columns, columns);
            float xi = v[i];
            for (int j = 0; j < row.Length; j++)
            {
                y[j] += row[j] * xi;
            }
        }
    }

    /// <summary>y = 0, then one TensorPrimitives.MultiplyAdd(row, x[i], y, y) per row.</summary>
    [Benchmark]
    public void TensorPrimitives()
    {
        ReadOnlySpan<float> m = matrix;
        ReadOnlySpan<float> v = x;
        Span<float> y = destination;
        y.Clear();
        for (int i = 0; i < rows; i++)
        {
            TP.MultiplyAdd(m.Slice(i * columns, columns), v[i], y, y);
        }
    }

    [Benchmark]
    public void SpanNetKernel() => SimdKernels.GemvTransposed(matrix, rows, columns, x, destination);
}
