using BenchmarkDotNet.Attributes;
using SpanNet.Kernels;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// The class of each of <see cref="Rows"/> output rows, as every backprop pass counts its correct
/// examples and PredictClass answers: random outputs in [0, 1], too many rows for the branch
/// predictor to learn which one wins (a shuffled minibatch epoch sees a new order every time).
/// No TensorPrimitives row: <c>IndexOfMax</c> answers differently for NaN (its first NaN wins)
/// and for −0 against +0.
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
        if (Scalar() != SpanNetKernel())
        {
            throw new InvalidOperationException("The kernel picks different classes from the scalar loop.");
        }
    }

    /// <summary>The loop SpanNet ran before 8241525: the best value in a local, the JIT's selects compiled to branches.</summary>
    [Benchmark(Baseline = true)]
    public long Scalar()
    {
        long sum = 0;
        ReadOnlySpan<float> all = outputs;
        for (int r = 0; r < Rows; r++)
        {
            ReadOnlySpan<float> values = all.Slice(r * K, K);
            int best = 0;
            float bestValue = values[0];
            for (int k = 1; k < values.Length; k++)
            {
                float v = values[k];
                bool greater = v > bestValue;
                best = greater ? k : best;
                bestValue = greater ? v : bestValue;
            }

            sum += best;
        }

        return sum;
    }

    [Benchmark]
    public long SpanNetKernel()
    {
        long sum = 0;
        ReadOnlySpan<float> all = outputs;
        for (int r = 0; r < Rows; r++)
        {
            sum += SimdKernels.ArgMax(all.Slice(r * K, K));
        }

        return sum;
    }
}
