using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Scaled accumulation: effectively computes destination[i] += alpha·x[i].</summary>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The vector added.</param>
    /// <param name="destination">Its first x.Length elements are added to; may be <paramref name="x"/> itself but must not partially overlap it.</param>
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> destination) => Axpy(SimdInfo.ActivePath, alpha, x, destination);

    internal static void Axpy(SimdPath path, float alpha, ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.DestinationLength(destination.Length, x.Length);
        Guard.InPlaceOrNoOverlap(x, destination, nameof(x));
        Guard.Path(path);
        AxpyUnchecked(path, alpha, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), x.Length);
    }

    internal static void AxpyUnchecked(SimdPath path, float alpha, ref float x, ref float destination, nint length)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                AxpyKernel<Vector512Ops, Vector512<float>>(alpha, ref x, ref destination, length);
                break;
            case SimdPath.Vector256:
                AxpyKernel<Vector256Ops, Vector256<float>>(alpha, ref x, ref destination, length);
                break;
            case SimdPath.Vector128:
                AxpyKernel<Vector128Ops, Vector128<float>>(alpha, ref x, ref destination, length);
                break;
            default:
                AxpyKernel<ScalarOps, float>(alpha, ref x, ref destination, length);
                break;
        }
    }

    /// <summary>
    /// destination += alpha·x with one FMA per element. The tail vector is computed from the
    /// original destination before the body and stored after it: the lanes it shares with the body
    /// get the same single FMA of the same operands, so nothing is added twice.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AxpyKernel<TOps, TVec>(float alpha, ref float x, ref float destination, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        if (length < width && width > 1)
        {
            AxpyKernel<ScalarOps, float>(alpha, ref x, ref destination, length);
            return;
        }

        TVec a = TOps.Broadcast(alpha);
        bool hasTail = length % width != 0;
        nint tailStart = length - width;
        TVec tail = hasTail ? TOps.MultiplyAdd(TOps.Load(ref x, tailStart), a, TOps.Load(ref destination, tailStart)) : TOps.Zero;

        nint i = 0;
        for (; i + (2 * width) <= length; i += 2 * width)
        {
            TVec v0 = TOps.MultiplyAdd(TOps.Load(ref x, i), a, TOps.Load(ref destination, i));
            TVec v1 = TOps.MultiplyAdd(TOps.Load(ref x, i + width), a, TOps.Load(ref destination, i + width));
            TOps.Store(v0, ref destination, i);
            TOps.Store(v1, ref destination, i + width);
        }

        if (i + width <= length)
        {
            TOps.Store(TOps.MultiplyAdd(TOps.Load(ref x, i), a, TOps.Load(ref destination, i)), ref destination, i);
        }

        if (hasTail)
        {
            TOps.Store(tail, ref destination, tailStart);
        }
    }
}
