using BenchmarkDotNet.Attributes;
using SpanNet.Comparison.Peers;
using SpanNet.Kernels;

namespace SpanNet.Comparison;

/// <summary>
/// y = W·x: SpanNet's <see cref="SimdKernels.Gemv"/> (baseline) against OpenBLAS cblas_sgemv, one
/// thread, and the read-only floor of the same matrix.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory(PeerAvailability.OpenBlasCategory)]
public unsafe class GemvComparison
{
    private float[] matrix = [];
    private float[] x = [];
    private float[] destination = [];
    private float* matrixPointer, xPointer, destinationPointer;
    private int rows, columns;

    /// <summary>Θ(1) and Θ(2) of the 400-25-10 network (bias column included) and Θ(1) of a 784-128 layer.</summary>
    public static IEnumerable<Shape> Shapes => [new(10, 26), new(25, 401), new(128, 785)];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        OpenBlas.EnsureAvailable();
        (rows, columns) = Shape;
        matrix = ComparisonData.Pinned(ComparisonData.Random(Shape.Length, seed: 1));
        x = ComparisonData.Pinned(ComparisonData.Random(columns, seed: 2));
        destination = ComparisonData.Pinned(new float[rows]);
        matrixPointer = ComparisonData.Address(matrix);
        xPointer = ComparisonData.Address(x);
        destinationPointer = ComparisonData.Address(destination);

        SpanNetKernel();
        float[] expected = [.. destination];
        destination.AsSpan().Clear();
        OpenBlasSgemv();
        ComparisonData.AssertClose(expected, destination, nameof(OpenBlasSgemv));
    }

    [Benchmark(Baseline = true)]
    public void SpanNetKernel() => SimdKernels.Gemv(matrix, rows, columns, x, destination);

    [Benchmark]
    public void OpenBlasSgemv() => OpenBlas.Gemv(matrixPointer, rows, columns, xPointer, destinationPointer);

    /// <summary>
    /// Not a peer: a pass that only reads this matrix's floats (aligned, eight accumulators), the
    /// least any W·x over it can cost where the matrix streams from L2.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory(AddOuterProductComparison.Vector512Category)]
    public float ReadOnlyFloor() => Floors.Read(matrixPointer, rows * columns);
}
