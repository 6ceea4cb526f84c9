using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;
using TP = System.Numerics.Tensors.TensorPrimitives;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>The logistic sigmoid over a vector, out of place (<see cref="SimdKernels.Sigmoid(ReadOnlySpan{float}, Span{float})"/>).</summary>
[MemoryDiagnoser]
public class SigmoidBenchmarks
{
    private float[] x = [];
    private float[] destination = [];

    /// <summary>Layer widths of the trainer's networks (26, 401), then longer vectors.</summary>
    [Params(26, 401, 1024, 4096, 65536)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        x = BenchData.Random(N, seed: 1);
        destination = new float[N];

        BenchData.AssertVariantsAgree(destination, Scalar, (nameof(TensorPrimitives), TensorPrimitives), (nameof(SpanNetKernel), SpanNetKernel));
    }

    /// <summary>1 / (1 + MathF.Exp(−x)) element by element.</summary>
    [Benchmark(Baseline = true)]
    public void Scalar()
    {
        ReadOnlySpan<float> v = x;
        Span<float> y = destination;
        for (int i = 0; i < v.Length; i++)
        {
            y[i] = 1f / (1f + MathF.Exp(-v[i]));
        }
    }

    [Benchmark]
    public void TensorPrimitives() => TP.Sigmoid(x, destination);

    [Benchmark]
    public void SpanNetKernel() => SimdKernels.Sigmoid(x, destination);
}
