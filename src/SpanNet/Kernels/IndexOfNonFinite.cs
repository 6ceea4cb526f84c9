using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>The index of the first NaN or ±∞ in <paramref name="values"/>, or −1 when every value is finite.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The index, or −1.</returns>
    internal static int IndexOfNonFinite(ReadOnlySpan<float> values) => IndexOfNonFinite(SimdInfo.ActivePath, values);

    internal static int IndexOfNonFinite(SimdPath path, ReadOnlySpan<float> values)
    {
        if (AllFinite(path, values))
        {
            return -1;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The vector check alone (the scan for the index runs only when it fails).</summary>
    internal static bool AllFinite(SimdPath path, ReadOnlySpan<float> values)
    {
        ref float x = ref MemoryMarshal.GetReference(values);
        return path switch
        {
            SimdPath.Vector512 => AllFinite<Vector512Ops, Vector512<float>>(ref x, values.Length),
            SimdPath.Vector256 => AllFinite<Vector256Ops, Vector256<float>>(ref x, values.Length),
            SimdPath.Vector128 => AllFinite<Vector128Ops, Vector128<float>>(ref x, values.Length),
            _ => AllFinite<ScalarOps, float>(ref x, values.Length),
        };
    }

    /// <summary>
    /// x·0 is ±0 for a finite x and NaN for NaN or ±∞, and a NaN survives any sum of zeros: the
    /// check is multiply-adds into two accumulators, with no compare or branch per element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllFinite<TOps, TVec>(ref float x, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        TVec zero = TOps.Zero, a0 = TOps.Zero, a1 = TOps.Zero;
        nint i = 0;
        for (; i + (2 * width) <= length; i += 2 * width)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref x, i), zero, a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref x, i + width), zero, a1);
        }

        if (i + width <= length)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref x, i), zero, a0);
            i += width;
        }

        float sum = TOps.Sum(TOps.Add(a0, a1));
        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref x, i) * 0f;
        }

        return sum == 0;
    }
}
