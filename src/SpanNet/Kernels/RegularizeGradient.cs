using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The regularization step of one row of Θ, in one pass: gradient[j] = (Δ[j] + λ·θ[j])·s
    /// (one FMA, then the scale, as separate Axpy and Scale passes would round) and returns
    /// Σ θ[j]², the row's share of the L2 term. Backprop calls it with the row's weights (the bias
    /// column excluded), its summed Δ and s = 1/m; <paramref name="delta"/> may be
    /// <paramref name="gradient"/> itself.
    /// </summary>
    internal static float RegularizeGradientUnchecked(SimdPath path, ref float delta, ref float theta, ref float gradient, nint length, float lambda, float scale)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                return RegularizeGradientKernel<Vector512Ops, Vector512<float>>(ref delta, ref theta, ref gradient, length, lambda, scale);
            case SimdPath.Vector256:
                return RegularizeGradientKernel<Vector256Ops, Vector256<float>>(ref delta, ref theta, ref gradient, length, lambda, scale);
            case SimdPath.Vector128:
                return RegularizeGradientKernel<Vector128Ops, Vector128<float>>(ref delta, ref theta, ref gradient, length, lambda, scale);
            default:
                return RegularizeGradientKernel<ScalarOps, float>(ref delta, ref theta, ref gradient, length, lambda, scale);
        }
    }

    /// <summary>
    /// The tail is one full vector ending at the last element, computed from the original Δ
    /// before the body and stored after it; its lanes the body already covered are masked out of
    /// the sum of squares.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float RegularizeGradientKernel<TOps, TVec>(ref float delta, ref float theta, ref float gradient, nint length, float lambda, float scale)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        if (length < width && width > 1)
        {
            return RegularizeGradientKernel<ScalarOps, float>(ref delta, ref theta, ref gradient, length, lambda, scale);
        }

        TVec l = TOps.Broadcast(lambda), s = TOps.Broadcast(scale);
        int tailCount = (int)(length % width);
        nint tailStart = length - width;
        TVec tailTheta = tailCount != 0 ? TOps.Load(ref theta, tailStart) : TOps.Zero;
        TVec tail = tailCount != 0 ? TOps.Multiply(TOps.MultiplyAdd(tailTheta, l, TOps.Load(ref delta, tailStart)), s) : TOps.Zero;
        TVec squares = TOps.Zero;
        nint i = 0;
        for (; i + width <= length; i += width)
        {
            TVec t = TOps.Load(ref theta, i);
            squares = TOps.MultiplyAdd(t, t, squares);
            TOps.Store(TOps.Multiply(TOps.MultiplyAdd(t, l, TOps.Load(ref delta, i)), s), ref gradient, i);
        }

        if (tailCount != 0)
        {
            TVec masked = TOps.And(tailTheta, TOps.TailMask(tailCount));
            squares = TOps.MultiplyAdd(masked, masked, squares);
            TOps.Store(tail, ref gradient, tailStart);
        }

        return TOps.Sum(squares);
    }
}
