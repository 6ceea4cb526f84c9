using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// Backprop's last pass and an Adam step in one pass over a region of the trainer's aligned
    /// parameters: g = (Δ + λ·θ)·s for weights (<paramref name="regularized"/>), Δ·s for biases,
    /// then the update of <see cref="AdamUpdateUnchecked"/> with exactly its operations, so the
    /// same bits, while g is never stored. Returns Σ θ² of the θ before the step (0 for biases).
    /// The aligned regions are whole 64-byte lines, a whole number of vectors on every tier, and for
    /// those the bits are the unfused kernels' over the same elements. (Backprop's unfused pass
    /// runs per row, and a row shorter than one vector takes the scalar kernel, whose multiply-add
    /// rounds twice: for layers narrower than the vector the fused step's gradient, one rounding,
    /// can differ in the last bit.) Any other length is computed too, its last elements by the
    /// scalar tier's operations.
    /// </summary>
    internal static double AdamStepFromDeltaUnchecked(SimdPath path, in AdamStep adam, ref float delta, ref float theta, ref float firstMoment, ref float secondMoment, nint length, bool regularized, float lambda, float scale)
    {
        var step = new DeltaStep(lambda, scale);
        return (path, regularized) switch
        {
            (SimdPath.Vector512, true) => AdamFromDeltaKernel<Vector512Ops, Vector512<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, true, step),
            (SimdPath.Vector512, false) => AdamFromDeltaKernel<Vector512Ops, Vector512<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, false, step),
            (SimdPath.Vector256, true) => AdamFromDeltaKernel<Vector256Ops, Vector256<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, true, step),
            (SimdPath.Vector256, false) => AdamFromDeltaKernel<Vector256Ops, Vector256<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, false, step),
            (SimdPath.Vector128, true) => AdamFromDeltaKernel<Vector128Ops, Vector128<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, true, step),
            (SimdPath.Vector128, false) => AdamFromDeltaKernel<Vector128Ops, Vector128<float>>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, false, step),
            (_, true) => AdamFromDeltaKernel<ScalarOps, float>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, true, step),
            _ => AdamFromDeltaKernel<ScalarOps, float>(adam, ref delta, ref theta, ref firstMoment, ref secondMoment, length, false, step),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double AdamFromDeltaKernel<TOps, TVec>(in AdamStep adam, ref float delta, ref float theta, ref float firstMoment, ref float secondMoment, nint length, bool regularized, DeltaStep step)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        var vectors = new AdamVectors<TOps, TVec>(adam);
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
                TOps.Store(vectors.Step(g, t, ref firstMoment, ref secondMoment, i), ref theta, i);
            }

            sum += TOps.Sum(squares);
        }

        if (width > 1 && i < length)
        {
            sum += AdamFromDeltaKernel<ScalarOps, float>(adam, ref Unsafe.Add(ref delta, i), ref Unsafe.Add(ref theta, i), ref Unsafe.Add(ref firstMoment, i), ref Unsafe.Add(ref secondMoment, i), length - i, regularized, step);
        }

        return sum;
    }
}
