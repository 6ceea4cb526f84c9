using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// Every kernel on every tier this machine runs, through the internal path-taking overloads, so
/// one run shows what each vector width buys. The Ratio-vs-Scalar column divides each median by
/// the same kernel and shape on <see cref="SimdPath.Scalar"/>. Sigmoid runs over one row's worth
/// of elements (the shape's column count).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(PathRatioConfig))]
public class SimdPathBenchmarks
{
    private const float Alpha = 1e-3f;
    private float[] matrix = [];
    private float[] rowVector = [];
    private float[] columnVector = [];
    private float[] activations = [];
    private float[] rowsDestination = [];
    private float[] columnsDestination = [];
    private int rows;
    private int columns;

    [ParamsSource(nameof(Shapes))]
    public MatrixShape Shape { get; set; }

    [ParamsSource(nameof(Paths))]
    public SimdPath Path { get; set; }

    public static IEnumerable<MatrixShape> Shapes => [new(25, 401), new(512, 512)];

    public static IEnumerable<SimdPath> Paths => SimdInfo.SupportedPaths;

    [GlobalSetup]
    public void Setup()
    {
        (rows, columns) = Shape;
        matrix = BenchData.Random(Shape.Length, seed: 1);
        rowVector = BenchData.Random(columns, seed: 2);
        columnVector = BenchData.Random(rows, seed: 3);
        activations = BenchData.Random(columns - 1, seed: 4, min: 0f, max: 1f);
        rowsDestination = new float[rows];
        columnsDestination = new float[columns];
    }

    [Benchmark]
    [BenchmarkCategory("Gemv")]
    public void Gemv() =>
        SimdKernels.Gemv(Path, matrix, rows, columns, rowVector, rowsDestination, SimdKernels.GemvStart.Zero);

    [Benchmark]
    [BenchmarkCategory("GemvTransposed")]
    public void GemvTransposed() =>
        SimdKernels.GemvTransposed(Path, matrix, rows, columns, columnVector, columnsDestination, accumulate: false);

    [Benchmark]
    [BenchmarkCategory("AddOuterProduct")]
    public void AddOuterProduct() =>
        SimdKernels.AddOuterProduct(Path, Alpha, columnVector, rowVector, matrix, biasColumn: false);

    [Benchmark]
    [BenchmarkCategory("BackpropDelta")]
    public void BackpropDelta() =>
        SimdKernels.BackpropDelta(Path, matrix, rows, columnVector, activations, columnsDestination.AsSpan(0, columns - 1));

    [Benchmark]
    [BenchmarkCategory("Sigmoid")]
    public void Sigmoid() => SimdKernels.Sigmoid(Path, rowVector, columnsDestination);
}
