using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// One momentum-SGD update over every parameter in a single pass: v ← v·μ − α·g (the product
    /// rounded, then one multiply-add), θ ← θ + v. The same operations as Scale, Axpy(−α) and
    /// Axpy(1) in turn, so the same bits on every tier, but each array is read and written once
    /// instead of three passes over v.
    /// </summary>
    internal static void MomentumUpdateUnchecked(SimdPath path, float momentum, float learningRate, ref float parameters, ref float gradient, ref float velocity, nint length)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                MomentumKernel<Vector512Ops, Vector512<float>>(momentum, learningRate, ref parameters, ref gradient, ref velocity, length);
                break;
            case SimdPath.Vector256:
                MomentumKernel<Vector256Ops, Vector256<float>>(momentum, learningRate, ref parameters, ref gradient, ref velocity, length);
                break;
            case SimdPath.Vector128:
                MomentumKernel<Vector128Ops, Vector128<float>>(momentum, learningRate, ref parameters, ref gradient, ref velocity, length);
                break;
            default:
                MomentumKernel<ScalarOps, float>(momentum, learningRate, ref parameters, ref gradient, ref velocity, length);
                break;
        }
    }

    /// <summary>
    /// The tail is one full vector ending at the last element, computed from the original values
    /// before the body runs and stored after it (the lanes it shares with the body get the same
    /// values). Shorter than one vector: the scalar kernel, as Axpy does.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void MomentumKernel<TOps, TVec>(float momentum, float learningRate, ref float parameters, ref float gradient, ref float velocity, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        if (length < width && width > 1)
        {
            MomentumKernel<ScalarOps, float>(momentum, learningRate, ref parameters, ref gradient, ref velocity, length);
            return;
        }

        TVec mu = TOps.Broadcast(momentum);
        TVec minusAlpha = TOps.Broadcast(-learningRate);
        nint tailStart = length - width;
        bool hasTail = length % width != 0;
        TVec tailVelocity = TOps.Zero, tailParameters = TOps.Zero;
        if (hasTail)
        {
            tailVelocity = TOps.MultiplyAdd(TOps.Load(ref gradient, tailStart), minusAlpha, TOps.Multiply(TOps.Load(ref velocity, tailStart), mu));
            tailParameters = TOps.Add(TOps.Load(ref parameters, tailStart), tailVelocity);
        }

        for (nint i = 0; i + width <= length; i += width)
        {
            TVec v = TOps.MultiplyAdd(TOps.Load(ref gradient, i), minusAlpha, TOps.Multiply(TOps.Load(ref velocity, i), mu));
            TOps.Store(v, ref velocity, i);
            TOps.Store(TOps.Add(TOps.Load(ref parameters, i), v), ref parameters, i);
        }

        if (hasTail)
        {
            TOps.Store(tailVelocity, ref velocity, tailStart);
            TOps.Store(tailParameters, ref parameters, tailStart);
        }
    }
}
