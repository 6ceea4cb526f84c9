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
    /// destination += alpha·x with one FMA per element. Stores dominate this kernel, so the body
    /// starts at the first destination address aligned to the vector width (a misaligned vector
    /// store that splits a cache line costs two). The unaligned head and the tail are one full
    /// vector each, computed from the original destination before the body runs and stored after
    /// it: the lanes they share with the body get the same single FMA of the same operands, so
    /// nothing is added twice and the result does not depend on the address.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void AxpyKernel<TOps, TVec>(float alpha, ref float x, ref float destination, nint length)
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
        nint i = 0;
        bool hasHead = false;
        TVec head = TOps.Zero;
        if (width > 1 && length >= 2 * width)
        {
            nint misaligned = (nint)((nuint)Unsafe.AsPointer(ref destination) % (nuint)(width * sizeof(float))) / sizeof(float);
            if (misaligned != 0)
            {
                hasHead = true;
                head = TOps.MultiplyAdd(TOps.Load(ref x, 0), a, TOps.Load(ref destination, 0));
                i = width - misaligned;
            }
        }

        bool hasTail = (length - i) % width != 0;
        nint tailStart = length - width;
        TVec tail = hasTail ? TOps.MultiplyAdd(TOps.Load(ref x, tailStart), a, TOps.Load(ref destination, tailStart)) : TOps.Zero;

        for (; i + (4 * width) <= length; i += 4 * width)
        {
            TVec v0 = TOps.MultiplyAdd(TOps.Load(ref x, i), a, TOps.Load(ref destination, i));
            TVec v1 = TOps.MultiplyAdd(TOps.Load(ref x, i + width), a, TOps.Load(ref destination, i + width));
            TVec v2 = TOps.MultiplyAdd(TOps.Load(ref x, i + (2 * width)), a, TOps.Load(ref destination, i + (2 * width)));
            TVec v3 = TOps.MultiplyAdd(TOps.Load(ref x, i + (3 * width)), a, TOps.Load(ref destination, i + (3 * width)));
            TOps.Store(v0, ref destination, i);
            TOps.Store(v1, ref destination, i + width);
            TOps.Store(v2, ref destination, i + (2 * width));
            TOps.Store(v3, ref destination, i + (3 * width));
        }

        for (; i + width <= length; i += width)
        {
            TOps.Store(TOps.MultiplyAdd(TOps.Load(ref x, i), a, TOps.Load(ref destination, i)), ref destination, i);
        }

        if (hasHead)
        {
            TOps.Store(head, ref destination, 0);
        }

        if (hasTail)
        {
            TOps.Store(tail, ref destination, tailStart);
        }
    }
}
