using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using SpanNet.Backprop;
using SpanNet.Common;
using SpanNet.Kernels;
using SpanNet.Kernels.Tiers;
using SpanNet.Networks;

namespace SpanNet.Benchmarks.Kernels;

/// <summary>
/// The per-step pass over every parameter that a minibatch step adds to the examples' work, on the
/// trainer's aligned layout of a network's Θ: the unfused pair (backprop's regularization pass
/// writing the gradient, then the optimizer's pass: baseline) against the fused kernel the trainer
/// runs (<c>MomentumStepFromDelta</c>, <c>AdamStepFromDelta</c>: the gradient formed in registers).
/// One call each per step; the Adam rows show what its square root and division per parameter cost,
/// and <see cref="AdamWithoutDivider"/> what is left without them.
/// </summary>
[MemoryDiagnoser]
public class OptimizerStepBenchmarks
{
    private const float Lambda = 0.0064f, Scale = 1f / 32, Momentum = 0.9f, LearningRate = 0.01f;
    private static readonly AdamStep Adam = new(Beta1: 0.9f, Beta2: 0.999f, Epsilon: 1e-8f, StepSize: 1e-3f, InverseSqrtSecondMomentCorrection: 1f);
    private AlignedBuffer delta = null!, theta = null!, thetaLineAfterDelta = null!, gradient = null!, velocity = null!, firstMoment = null!, secondMoment = null!;
    private int length, lineAfterDeltaStart;

    /// <summary>The networks of the training benchmarks; the aligned layout pads each row to 64 bytes.</summary>
    [Params("400-25-10", "64-25-10")]
    public string Network { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        length = new AlignedTheta(NetworkArchitecture.Parse(Network.Replace('-', ','))).Span.Length;
        // Allocated as the trainer allocates them (AlignedBuffer.PageAligned: on a page from 16 KiB).
        delta = AlignedBuffer.PageAligned(length);
        BenchData.Random(length, seed: 1).CopyTo(delta.Span);
        theta = AlignedBuffer.PageAligned(length);
        BenchData.Random(length, seed: 2).CopyTo(theta.Span);
        gradient = AlignedBuffer.PageAligned(length);
        velocity = AlignedBuffer.PageAligned(length);
        firstMoment = AlignedBuffer.PageAligned(length);
        secondMoment = AlignedBuffer.PageAligned(length);

        // θ placed exactly one 64-byte line after Δ modulo 4 KiB, whatever either's page offset.
        thetaLineAfterDelta = new AlignedBuffer(length + AlignedBuffer.PageFloats);
        lineAfterDeltaStart = FloatsUntilOffset(thetaLineAfterDelta, delta, AlignedBuffer.AlignmentFloats);
        BenchData.Random(length, seed: 2).CopyTo(thetaLineAfterDelta.Span[lineAfterDeltaStart..]);
    }

    /// <summary>The index in <paramref name="buffer"/> that lies <paramref name="floats"/> after the start of <paramref name="reference"/> modulo 4 KiB.</summary>
    private static unsafe int FloatsUntilOffset(AlignedBuffer buffer, AlignedBuffer reference, int floats)
    {
        long distance = ((long)Unsafe.AsPointer(ref buffer.Start) - (long)Unsafe.AsPointer(ref reference.Start)) / sizeof(float);
        return (int)(((floats - distance) % AlignedBuffer.PageFloats + AlignedBuffer.PageFloats) % AlignedBuffer.PageFloats);
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

    /// <summary>
    /// Not a layout the trainer runs: <see cref="AdamFused"/> with θ one 64-byte line further into
    /// its 4 KiB page than Δ, where 64-byte alignment alone could put it. The store to θ[i] then
    /// shares its low 12 address bits with the load of Δ[i + 16] of the next iteration (4K aliasing),
    /// the reason the trainer's parameter-sized buffers start on a page.
    /// </summary>
    [Benchmark]
    public double AdamFusedThetaLineAfterDelta() =>
        SimdKernels.AdamStepFromDeltaUnchecked(SimdInfo.ActivePath, Adam, ref delta.Start, ref thetaLineAfterDelta.Span[lineAfterDeltaStart], ref firstMoment.Start, ref secondMoment.Start, length, regularized: true, Lambda, Scale);

    /// <summary>
    /// Not a kernel the trainer runs: <see cref="AdamFused"/>'s loads, stores and arithmetic with its
    /// square root and division replaced by multiplications, i.e. the fused Adam pass's floor once
    /// the FP divider is out of the way (its memory traffic and everything else).
    /// </summary>
    [Benchmark]
    public double AdamWithoutDivider() => SimdInfo.ActivePath switch
    {
        SimdPath.Vector512 => AdamWithoutDivider<Vector512Ops, Vector512<float>>(),
        SimdPath.Vector256 => AdamWithoutDivider<Vector256Ops, Vector256<float>>(),
        SimdPath.Vector128 => AdamWithoutDivider<Vector128Ops, Vector128<float>>(),
        _ => AdamWithoutDivider<ScalarOps, float>(),
    };

    private double AdamWithoutDivider<TOps, TVec>()
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        TVec beta1 = TOps.Broadcast(Adam.Beta1), beta2 = TOps.Broadcast(Adam.Beta2);
        TVec oneMinusBeta1 = TOps.Broadcast(1 - Adam.Beta1), oneMinusBeta2 = TOps.Broadcast(1 - Adam.Beta2);
        TVec epsilon = TOps.Broadcast(Adam.Epsilon), stepSize = TOps.Broadcast(Adam.StepSize), correction = TOps.Broadcast(Adam.InverseSqrtSecondMomentCorrection);
        TVec lambda = TOps.Broadcast(Lambda), scale = TOps.Broadcast(Scale), squares = TOps.Zero;
        ref float d = ref delta.Start, t = ref theta.Start, m1 = ref firstMoment.Start, m2 = ref secondMoment.Start;
        for (nint i = 0; i + TOps.Count <= length; i += TOps.Count)
        {
            TVec th = TOps.Load(ref t, i);
            squares = TOps.MultiplyAdd(th, th, squares);
            TVec g = TOps.Multiply(TOps.MultiplyAdd(th, lambda, TOps.Load(ref d, i)), scale);
            TVec m = TOps.Add(TOps.Multiply(beta1, TOps.Load(ref m1, i)), TOps.Multiply(oneMinusBeta1, g));
            TVec v = TOps.Add(TOps.Multiply(beta2, TOps.Load(ref m2, i)), TOps.Multiply(TOps.Multiply(oneMinusBeta2, g), g));
            TVec notDivided = TOps.Add(TOps.Multiply(v, correction), epsilon);
            TOps.Store(m, ref m1, i);
            TOps.Store(v, ref m2, i);
            TOps.Store(TOps.Subtract(th, TOps.Multiply(TOps.Multiply(stepSize, m), notDivided)), ref t, i);
        }

        return TOps.Sum(squares);
    }
}
