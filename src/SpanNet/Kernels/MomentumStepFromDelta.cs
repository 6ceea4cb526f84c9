using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// Backprop's last pass and a momentum-SGD step in one pass over a region of the trainer's
    /// aligned parameters: g = (Δ + λ·θ)·s for weights (<paramref name="regularized"/>), Δ·s for
    /// biases, then v ← v·μ − α·g and θ ← θ + v, with exactly the operations of
    /// <see cref="RegularizeGradientUnchecked"/> followed by <see cref="MomentumUpdateUnchecked"/>,
    /// so the same bits, while Δ, θ and v are each read once and g is never stored. Returns
    /// Σ θ² of the θ before the step (0 for biases), summed per lane in float over 32 vectors at a time and those sums in double.
    /// The aligned regions are whole 64-byte lines, a whole number of vectors on every tier, and for
    /// those the bits are the unfused kernels' over the same elements. (Backprop's unfused pass
    /// runs per row, and a row shorter than one vector takes the scalar kernel, whose multiply-add
    /// rounds twice: for layers narrower than the vector the fused step's gradient, one rounding,
    /// can differ in the last bit.) Any other length is computed too, its last elements by the
    /// scalar tier's operations.
    /// </summary>
    internal static double MomentumStepFromDeltaUnchecked(SimdPath path, ref float delta, ref float theta, ref float velocity, nint length, bool regularized, float lambda, float scale, float momentum, float learningRate)
    {
        var step = new DeltaStep(lambda, scale);
        return (path, regularized) switch
        {
            (SimdPath.Vector512, true) => MomentumFromDeltaKernel<Vector512Ops, Vector512<float>>(ref delta, ref theta, ref velocity, length, true, step, momentum, learningRate),
            (SimdPath.Vector512, false) => MomentumFromDeltaKernel<Vector512Ops, Vector512<float>>(ref delta, ref theta, ref velocity, length, false, step, momentum, learningRate),
            (SimdPath.Vector256, true) => MomentumFromDeltaKernel<Vector256Ops, Vector256<float>>(ref delta, ref theta, ref velocity, length, true, step, momentum, learningRate),
            (SimdPath.Vector256, false) => MomentumFromDeltaKernel<Vector256Ops, Vector256<float>>(ref delta, ref theta, ref velocity, length, false, step, momentum, learningRate),
            (SimdPath.Vector128, true) => MomentumFromDeltaKernel<Vector128Ops, Vector128<float>>(ref delta, ref theta, ref velocity, length, true, step, momentum, learningRate),
            (SimdPath.Vector128, false) => MomentumFromDeltaKernel<Vector128Ops, Vector128<float>>(ref delta, ref theta, ref velocity, length, false, step, momentum, learningRate),
            (_, true) => MomentumFromDeltaKernel<ScalarOps, float>(ref delta, ref theta, ref velocity, length, true, step, momentum, learningRate),
            _ => MomentumFromDeltaKernel<ScalarOps, float>(ref delta, ref theta, ref velocity, length, false, step, momentum, learningRate),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double MomentumFromDeltaKernel<TOps, TVec>(ref float delta, ref float theta, ref float velocity, nint length, bool regularized, DeltaStep step, float momentum, float learningRate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        TVec mu = TOps.Broadcast(momentum);
        TVec minusAlpha = TOps.Broadcast(-learningRate);
        TVec l = TOps.Broadcast(step.Lambda), s = TOps.Broadcast(step.Scale);
        nint width = TOps.Count;
        nint bodyEnd = length - (length % width);
        double sum = 0;
        nint i = 0;
        while (i < bodyEnd)
        {
            TVec squares = TOps.Zero;
            for (nint blockEnd = Math.Min(bodyEnd, i + (SquaresBlock * width)); i < blockEnd; i += width)
            {
                TVec t = TOps.Load(ref theta, i);
                TVec g = GradientFromDelta<TOps, TVec>(TOps.Load(ref delta, i), t, regularized, l, s, ref squares);
                TVec v = TOps.MultiplyAdd(g, minusAlpha, TOps.Multiply(TOps.Load(ref velocity, i), mu));
                TOps.Store(v, ref velocity, i);
                TOps.Store(TOps.Add(t, v), ref theta, i);
            }

            sum += TOps.Sum(squares);
        }

        if (width > 1 && i < length)
        {
            sum += MomentumFromDeltaKernel<ScalarOps, float>(ref Unsafe.Add(ref delta, i), ref Unsafe.Add(ref theta, i), ref Unsafe.Add(ref velocity, i), length - i, regularized, step, momentum, learningRate);
        }

        return sum;
    }

    /// <summary>
    /// Vectors whose θ² a lane sums in float before the sum goes into the double total: a layer's
    /// 10,000 weights summed in float per lane would lose digits of the reported cost.
    /// </summary>
    private const int SquaresBlock = 32;

    /// <summary>
    /// One vector of the gradient from Δ: (Δ + λ·θ)·s (one FMA, then the scale) adding θ² to
    /// <paramref name="squares"/>, or Δ·s for biases.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec GradientFromDelta<TOps, TVec>(TVec delta, TVec theta, bool regularized, TVec lambda, TVec scale, ref TVec squares)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        if (!regularized)
        {
            return TOps.Multiply(delta, scale);
        }

        squares = TOps.MultiplyAdd(theta, theta, squares);
        return TOps.Multiply(TOps.MultiplyAdd(theta, lambda, delta), scale);
    }
}

/// <summary>The gradient's constants in the fused steps: λ (weights only) and the scale s = 1/m.</summary>
internal readonly record struct DeltaStep(float Lambda, float Scale);
