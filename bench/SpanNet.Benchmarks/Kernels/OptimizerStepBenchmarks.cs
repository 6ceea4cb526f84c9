using BenchmarkDotNet.Attributes;
using SpanNet.Backprop;
using SpanNet.Common;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// The per-step pass over every parameter that a minibatch step adds to the examples' work, on the
/// trainer's aligned layout of a network's Θ: the unfused pair (backprop's regularization pass
/// writing the gradient, then the optimizer's pass: baseline) against the fused kernel the trainer
/// runs (<c>MomentumStepFromDelta</c>, <c>AdamStepFromDelta</c>: the gradient formed in registers).
/// One call each per step; the Adam rows show what its square root and division per parameter cost.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private const float Lambda = 0.0064f, Scale = 1f / 32, Momentum = 0.9f, LearningRate = 0.01f;
    private static readonly AdamStep Adam = new(Beta1: 0.9f, Beta2: 0.999f, Epsilon: 1e-8f, StepSize: 1e-3f, InverseSqrtSecondMomentCorrection: 1f);
    private AlignedBuffer delta = null!, theta = null!, gradient = null!, velocity = null!, firstMoment = null!, secondMoment = null!;
    private int length;

    /// <summary>The networks of the training benchmarks; the aligned layout pads each row to 64 bytes.</summary>
    [Params("400-25-10", "64-25-10")]
    public string Network { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        length = new AlignedTheta(NetworkArchitecture.Parse(Network.Replace('-', ','))).Span.Length;
        delta = AlignedBuffer.CopyOf(BenchData.Random(length, seed: 1));
        theta = AlignedBuffer.CopyOf(BenchData.Random(length, seed: 2));
        gradient = new AlignedBuffer(length);
        velocity = new AlignedBuffer(length);
        firstMoment = new AlignedBuffer(length);
        secondMoment = new AlignedBuffer(length);
    }

    [Benchmark(Baseline = true)]
    public double MomentumUnfused()
    {
        SimdPath path = SimdInfo.ActivePath;
        double squares = SimdKernels.RegularizeGradientUnchecked(path, ref delta.Start, ref theta.Start, ref gradient.Start, length, Lambda, Scale);
        SimdKernels.MomentumUpdateUnchecked(path, Momentum, LearningRate, ref theta.Start, ref gradient.Start, ref velocity.Start, length);
        return squares;
    }

    [Benchmark]
    public double MomentumFused() =>
        SimdKernels.MomentumStepFromDeltaUnchecked(SimdInfo.ActivePath, ref delta.Start, ref theta.Start, ref velocity.Start, length, regularized: true, Lambda, Scale, Momentum, LearningRate);

    [Benchmark]
    public double AdamUnfused()
    {
        SimdPath path = SimdInfo.ActivePath;
        double squares = SimdKernels.RegularizeGradientUnchecked(path, ref delta.Start, ref theta.Start, ref gradient.Start, length, Lambda, Scale);
        SimdKernels.AdamUpdateUnchecked(path, Adam, ref theta.Start, ref gradient.Start, ref firstMoment.Start, ref secondMoment.Start, length);
        return squares;
    }

    [Benchmark]
    public double AdamFused() =>
        SimdKernels.AdamStepFromDeltaUnchecked(SimdInfo.ActivePath, Adam, ref delta.Start, ref theta.Start, ref firstMoment.Start, ref secondMoment.Start, length, regularized: true, Lambda, Scale);
}
