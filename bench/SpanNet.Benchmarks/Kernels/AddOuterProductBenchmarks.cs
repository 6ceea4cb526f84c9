using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>The gradient accumulation Δ += α·x·yᵀ (<see cref="SimdKernels.AddOuterProduct"/>).</summary>
[MemoryDiagnoser]
public class AddOuterProductBenchmarks
{
    private const float Alpha = 1e-3f;
    private float[] matrix = [];
    private float[] x = [];
    private float[] y = [];
    private int rows;
    private int columns;

    [ParamsSource(nameof(Shapes))]
    public MatrixShape Shape { get; set; }

    public static IEnumerable<MatrixShape> Shapes => MatrixShape.TrainerShapes;

    [GlobalSetup]
    public void Setup()
    {
        (rows, columns) = Shape;
        float[] start = BenchData.Random(Shape.Length, seed: 1);
        x = BenchData.Random(rows, seed: 2);
        y = BenchData.Random(columns, seed: 3);

        matrix = [.. start];
        Scalar();
        float[] expected = matrix;
        matrix = [.. start];
        TensorPrimitives();
        BenchData.AssertClose(expected, matrix, nameof(TensorPrimitives));
        matrix = [.. start];
        SpanNetKernel();
        BenchData.AssertClose(expected, matrix, nameof(SpanNetKernel));
        matrix = [.. start];
        SpanNetAxpyPerRow();
        BenchData.AssertClose(expected, matrix, nameof(SpanNetAxpyPerRow));

        // Every call adds to the same accumulator, as the trainer does once per example.
        matrix = [.. start];
    }

    /// <summary>Row by row, Δ[i, j] += (α·x[i])·y[j].</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        Span<float> m = matrix;
        ReadOnlySpan<float> u = x;
        ReadOnlySpan<float> v = y;
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = m.Slice(i * columns, columns);
            float scale = Alpha * u[i];
            for (int j = 0; j < row.Length; j++)
            {
                row[j] += scale * v[j];
            }
        }
    }

    /// <summary>One TensorPrimitives.MultiplyAdd(y, α·x[i], row, row) per row.</summary>
    [Benchmark]
    public void TensorPrimitives()
    {
        Span<float> m = matrix;
        ReadOnlySpan<float> u = x;
        for (int i = 0; i < rows; i++)
        {
            Span<float> row = m.Slice(i * columns, columns);
            TP.MultiplyAdd(y, Alpha * u[i], row, row);
        }
    }

    [Benchmark]
    public void SpanNetKernel() => SimdKernels.AddOuterProduct(Alpha, x, y, matrix);

    /// <summary>The same update as one SpanNet Axpy per row (one row per pass, aligned stores), to compare pass shapes.</summary>
    [Benchmark]
    public void SpanNetAxpyPerRow()
    {
        Span<float> m = matrix;
        ReadOnlySpan<float> u = x;
        for (int i = 0; i < rows; i++)
        {
            SimdKernels.Axpy(Alpha * u[i], y, m.Slice(i * columns, columns));
        }
    }
}
