using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// The class of each of <see cref="Rows"/> output rows, as every backprop pass counts its correct
/// examples and PredictClass answers: random outputs in [0, 1], too many rows for the branch
/// predictor to learn which one wins (a shuffled minibatch epoch sees a new order every time).
/// The baseline is the compare-and-branch loop (the scalar tier's code, and what every tier ran before).
/// </summary>
[MemoryDiagnoser]
public class ArgMaxBenchmarks
{
    private const int Rows = 4096;
    private float[] outputs = [];

    /// <summary>Output counts: the digits' 10 classes, and a wider layer.</summary>
    [Params(10, 26)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        outputs = BenchData.Random(Rows * K, seed: 3, min: 0f, max: 1f);
        if (Branching() != SpanNetKernel())
        {
            throw new InvalidOperationException("The kernel picks different classes from the branching loop.");
        }
    }

    [Benchmark(Baseline = true)]
    public long Branching() => SumOfClasses(SimdPath.Scalar);

    [Benchmark]
    public long SpanNetKernel() => SumOfClasses(SimdInfo.ActivePath);

    private long SumOfClasses(SimdPath path)
    {
        long sum = 0;
        ReadOnlySpan<float> all = outputs;
        for (int r = 0; r < Rows; r++)
        {
            sum += SimdKernels.ArgMax(path, all.Slice(r * K, K));
        }

        return sum;
    }
}
