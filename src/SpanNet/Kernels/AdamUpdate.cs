using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

/// <summary>The constants of one Adam step (the bias corrections depend on the step number).</summary>
internal readonly record struct AdamStep(float Beta1, float Beta2, float Epsilon, float StepSize, float InverseSqrtSecondMomentCorrection);

public static partial class SimdKernels
{
    /// <summary>
    /// One Adam update over every parameter: m ← β₁m + (1 − β₁)g, v ← β₂v + ((1 − β₂)g)g,
    /// θ ← θ − (s·m) / (√v·k + ε) with k = 1/√c₂ (√(v/c₂) = √v/√c₂, as PyTorch writes it, with the
    /// constant division turned into a multiply: one square root and one division per parameter,
    /// the two slow operations that bound this kernel). Only correctly rounded operations and no
    /// FMA, in the same order on every tier, so every tier (and the scalar remainder) gives the
    /// bit-identical result.
    /// </summary>
    internal static void AdamUpdateUnchecked(SimdPath path, in AdamStep step, ref float parameters, ref float gradient, ref float firstMoment, ref float secondMoment, nint length)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                AdamKernel<Vector512Ops, Vector512<float>>(step, ref parameters, ref gradient, ref firstMoment, ref secondMoment, length);
                break;
            case SimdPath.Vector256:
                AdamKernel<Vector256Ops, Vector256<float>>(step, ref parameters, ref gradient, ref firstMoment, ref secondMoment, length);
                break;
            case SimdPath.Vector128:
                AdamKernel<Vector128Ops, Vector128<float>>(step, ref parameters, ref gradient, ref firstMoment, ref secondMoment, length);
                break;
            default:
                AdamKernel<ScalarOps, float>(step, ref parameters, ref gradient, ref firstMoment, ref secondMoment, length);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AdamKernel<TOps, TVec>(in AdamStep step, ref float parameters, ref float gradient, ref float firstMoment, ref float secondMoment, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        var adam = new AdamVectors<TOps, TVec>(step);
        nint width = TOps.Count;
        nint i = 0;
        for (; i + width <= length; i += width)
        {
            TOps.Store(adam.Step(TOps.Load(ref gradient, i), TOps.Load(ref parameters, i), ref firstMoment, ref secondMoment, i), ref parameters, i);
        }

        if (width > 1 && i < length)
        {
            AdamKernel<ScalarOps, float>(step, ref Unsafe.Add(ref parameters, i), ref Unsafe.Add(ref gradient, i), ref Unsafe.Add(ref firstMoment, i), ref Unsafe.Add(ref secondMoment, i), length - i);
        }
    }
}

/// <summary>One Adam step's constants broadcast, and the step of one vector of parameters.</summary>
internal readonly struct AdamVectors<TOps, TVec>
    where TOps : IVectorOps<TVec>
    where TVec : struct
{
    private readonly TVec beta1, beta2, oneMinusBeta1, oneMinusBeta2, epsilon, stepSize, inverseSqrtCorrection2;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public AdamVectors(in AdamStep step)
    {
        beta1 = TOps.Broadcast(step.Beta1);
        beta2 = TOps.Broadcast(step.Beta2);
        oneMinusBeta1 = TOps.Broadcast(1 - step.Beta1);
        oneMinusBeta2 = TOps.Broadcast(1 - step.Beta2);
        epsilon = TOps.Broadcast(step.Epsilon);
        stepSize = TOps.Broadcast(step.StepSize);
        inverseSqrtCorrection2 = TOps.Broadcast(step.InverseSqrtSecondMomentCorrection);
    }

    /// <summary>Updates m and v at <paramref name="i"/> from the gradient <paramref name="g"/> and returns the new θ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Step(TVec g, TVec theta, ref float firstMoment, ref float secondMoment, nint i)
    {
        TVec m = TOps.Add(TOps.Multiply(beta1, TOps.Load(ref firstMoment, i)), TOps.Multiply(oneMinusBeta1, g));
        TVec v = TOps.Add(TOps.Multiply(beta2, TOps.Load(ref secondMoment, i)), TOps.Multiply(TOps.Multiply(oneMinusBeta2, g), g));
        TVec denominator = TOps.Add(TOps.Multiply(TOps.Sqrt(v), inverseSqrtCorrection2), epsilon);
        TOps.Store(m, ref firstMoment, i);
        TOps.Store(v, ref secondMoment, i);
        return TOps.Subtract(theta, TOps.Divide(TOps.Multiply(stepSize, m), denominator));
    }
}
