using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

/// <summary>An element-wise operation, written once over the tier primitives.</summary>
internal interface IUnaryOperator
{
    TVec Invoke<TOps, TVec>(TVec x)
        where TOps : IVectorOps<TVec>
        where TVec : struct;
}

public static partial class SimdKernels
{
    /// <summary>Runs an element-wise operator on the given tier.</summary>
    private static void UnaryUnchecked<TOp>(SimdPath path, ref float x, ref float destination, nint length, TOp op)
        where TOp : struct, IUnaryOperator
    {
        switch (path)
        {
            case SimdPath.Vector512:
                UnaryKernel<Vector512Ops, Vector512<float>, TOp>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector256:
                UnaryKernel<Vector256Ops, Vector256<float>, TOp>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector128:
                UnaryKernel<Vector128Ops, Vector128<float>, TOp>(ref x, ref destination, length, op);
                break;
            default:
                UnaryKernel<ScalarOps, float, TOp>(ref x, ref destination, length, op);
                break;
        }
    }

    /// <summary>
    /// destination[i] = op(x[i]). The tail is one full vector ending at the last element, loaded
    /// before the body runs and stored after it, so in-place use never feeds a result back in.
    /// Lengths shorter than a vector take the scalar tier. One vector per iteration on purpose: with
    /// the loop unrolled twice the JIT stopped hoisting the operator's constant vectors and
    /// re-broadcast all sixteen of the sigmoid's from memory on every iteration (about 1.3× slower).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnaryKernel<TOps, TVec, TOp>(ref float x, ref float destination, nint length, TOp op)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TOp : struct, IUnaryOperator
    {
        nint width = TOps.Count;
        if (length < width && width > 1)
        {
            UnaryKernel<ScalarOps, float, TOp>(ref x, ref destination, length, op);
            return;
        }

        bool hasTail = length % width != 0;
        nint tailStart = length - width;
        TVec tail = hasTail ? op.Invoke<TOps, TVec>(TOps.Load(ref x, tailStart)) : TOps.Zero;

        for (nint i = 0; i + width <= length; i += width)
        {
            TOps.Store(op.Invoke<TOps, TVec>(TOps.Load(ref x, i)), ref destination, i);
        }

        if (hasTail)
        {
            TOps.Store(tail, ref destination, tailStart);
        }
    }
}
