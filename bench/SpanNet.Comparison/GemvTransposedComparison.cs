using BenchmarkDotNet.Attributes;
using SpanNet.Comparison.Peers;
using SpanNet.Kernels;

namespace SpanNet.Comparison;

/// <summary>y = Wᵀ·x without forming Wᵀ: SpanNet's <see cref="SimdKernels.GemvTransposed"/> (baseline) against OpenBLAS cblas_sgemv(CblasTrans), one thread.</summary>
[MemoryDiagnoser]
[BenchmarkCategory(PeerAvailability.OpenBlasCategory)]
public unsafe class GemvTransposedComparison
{
    private float[] matrix = [];
    private float[] x = [];
    private float[] destination = [];
    private float* matrixPointer, xPointer, destinationPointer;
    private int rows, columns;

    /// <summary>Θ(1) and Θ(2) of the 400-25-10 network, the two backprop products of the trainer.</summary>
    public static IEnumerable<Shape> Shapes => [new(10, 26), new(25, 401)];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        OpenBlas.EnsureAvailable();
        (rows, columns) = Shape;
        matrix = ComparisonData.Pinned(ComparisonData.Random(Shape.Length, seed: 1));
        x = ComparisonData.Pinned(ComparisonData.Random(rows, seed: 2));
        destination = ComparisonData.Pinned(new float[columns]);
        matrixPointer = ComparisonData.Address(matrix);
        xPointer = ComparisonData.Address(x);
        destinationPointer = ComparisonData.Address(destination);

        SpanNetKernel();
        float[] expected = [.. destination];
        destination.AsSpan().Clear();
        OpenBlasSgemvTransposed();
        ComparisonData.AssertClose(expected, destination, nameof(OpenBlasSgemvTransposed));
    }

    [Benchmark(Baseline = true)]
    public void SpanNetKernel() => SimdKernels.GemvTransposed(matrix, rows, columns, x, destination);

    [Benchmark]
    public void OpenBlasSgemvTransposed() => OpenBlas.GemvTransposed(matrixPointer, rows, columns, xPointer, destinationPointer);
}
