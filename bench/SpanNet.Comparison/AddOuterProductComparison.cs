using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SpanNet.Comparison.Peers;
using SpanNet.Kernels;

namespace SpanNet.Comparison;

/// <summary>
/// The gradient accumulation Δ += α·δ·aᵀ: SpanNet's <see cref="SimdKernels.AddOuterProduct"/>
/// (baseline) against OpenBLAS cblas_sger (one thread) and a plain Vector512 loop (one broadcast
/// FMA stream per row, what a hand-written AVX-512 rank-1 update looks like first), and the
/// read-and-write floor of the same matrix.
/// </summary>
[MemoryDiagnoser]
public unsafe class AddOuterProductComparison
{
    // Small, as in the in-project AddOuterProductBenchmarks: every call adds to the same
    // accumulator, which must stay far from overflow over millions of calls. The time does not
    // depend on α.
    private const float Alpha = 1e-3f;
    private float[] matrix = [];
    private float[] delta = [];
    private float[] activations = [];
    private float* matrixPointer, deltaPointer, activationsPointer;
    private int rows, columns;

    /// <summary>Θ(1) of the 400-25-10 network: δ(2) has 25 elements, [1; a(1)] has 401.</summary>
    public static IEnumerable<Shape> Shapes => [new(25, 401)];

    [ParamsSource(nameof(Shapes))]
    public Shape Shape { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (rows, columns) = Shape;
        float[] start = ComparisonData.Random(Shape.Length, seed: 1);
        matrix = ComparisonData.Pinned(start);
        delta = ComparisonData.Pinned(ComparisonData.Random(rows, seed: 2));
        activations = ComparisonData.Pinned(ComparisonData.Random(columns, seed: 3));
        matrixPointer = ComparisonData.Address(matrix);
        deltaPointer = ComparisonData.Address(delta);
        activationsPointer = ComparisonData.Address(activations);

        SpanNetKernel();
        float[] expected = [.. matrix];
        if (OpenBlas.IsAvailable)
        {
            start.CopyTo(matrix, 0);
            OpenBlasSger();
            ComparisonData.AssertClose(expected, matrix, nameof(OpenBlasSger));
        }

        if (Vector512.IsHardwareAccelerated)
        {
            start.CopyTo(matrix, 0);
            PlainVector512();
            ComparisonData.AssertClose(expected, matrix, nameof(PlainVector512));
        }

        // Every call adds to the same accumulator, as the trainer does once per example.
        start.CopyTo(matrix, 0);
    }

    [Benchmark(Baseline = true)]
    public void SpanNetKernel() => SimdKernels.AddOuterProduct(Alpha, delta, activations, matrix);

    [Benchmark]
    [BenchmarkCategory(PeerAvailability.OpenBlasCategory)]
    public void OpenBlasSger() => OpenBlas.AddOuterProduct(Alpha, deltaPointer, rows, activationsPointer, columns, matrixPointer);

    /// <summary>
    /// Per row: broadcast α·δ[i], then row[j..j+16] = FMA(that, a[j..j+16], row[j..j+16]) across the
    /// row, the last partial vector in scalar code. Needs AVX-512 (filtered out of the run otherwise).
    /// </summary>
    [Benchmark]
    [BenchmarkCategory(Vector512Category)]
    public void PlainVector512()
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            throw new PlatformNotSupportedException("Vector512 is not hardware accelerated here.");
        }

        ref float m = ref MemoryMarshal.GetArrayDataReference(matrix);
        ref float a = ref MemoryMarshal.GetArrayDataReference(activations);
        int n = columns;
        int vectorEnd = n - (n % Vector512<float>.Count);
        for (int i = 0; i < rows; i++)
        {
            float scale = Alpha * delta[i];
            var scaleVector = Vector512.Create(scale);
            ref float row = ref Unsafe.Add(ref m, (nint)i * n);
            int j = 0;
            for (; j < vectorEnd; j += Vector512<float>.Count)
            {
                Vector512.FusedMultiplyAdd(scaleVector, Vector512.LoadUnsafe(ref a, (nuint)j), Vector512.LoadUnsafe(ref row, (nuint)j))
                    .StoreUnsafe(ref row, (nuint)j);
            }

            for (; j < n; j++)
            {
                Unsafe.Add(ref row, j) = MathF.FusedMultiplyAdd(scale, Unsafe.Add(ref a, j), Unsafe.Add(ref row, j));
            }
        }
    }

    /// <summary>
    /// Not a peer: every element of this matrix read, FMA'd with constants that leave it unchanged,
    /// and written back once, with aligned accesses: the least any update of it can cost.
    /// </summary>
    [Benchmark]
    [BenchmarkCategory(Vector512Category)]
    public void ReadWriteFloor() => Floors.ReadWrite(matrixPointer, rows * columns);

    /// <summary>The category of benchmarks that need Vector512 hardware acceleration.</summary>
    public const string Vector512Category = "Vector512";
}
