using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>The forward product y = W·x (<see cref="SimdKernels.Gemv"/>).</summary>
[MemoryDiagnoser]
public class GemvBenchmarks
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
        x = BenchData.Random(columns, seed: 2);
        destination = new float[rows];

        BenchData.AssertVariantsAgree(destination, Scalar, (nameof(TensorPrimitives), TensorPrimitives), (nameof(SpanNetKernel), SpanNetKernel));
    }

    /// <summary>One dot product per row, one accumulator, as anyone would write it first.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        ReadOnlySpan<float> m = matrix;
        ReadOnlySpan<float> v = x;
        Span<float> y = destination;
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<float> row = m.Slice(i * columns, columns);
            float sum = 0f;
            for (int j = 0; j < row.Length; j++)
            {
                sum += row[j] * v[j];
            }

            y[i] = sum;
        }
    }

    /// <summary>One TensorPrimitives.Dot per row.</summary>
    [Benchmark]
    public void TensorPrimitives()
    {
        ReadOnlySpan<float> m = matrix;
        ReadOnlySpan<float> v = x;
        Span<float> y = destination;
        for (int i = 0; i < rows; i++)
        {
            y[i] = TP.Dot(m.Slice(i * columns, columns), v);
        }
    }

    [Benchmark]
    public void SpanNetKernel() => SimdKernels.Gemv(matrix, rows, columns, x, destination);
}
