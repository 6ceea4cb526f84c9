using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// destination[i] = bias[i] + Σ_j matrix[i, j]·x[j] for an inference layout: rows padded with
    /// zeros to <paramref name="stride"/> columns, a multiple of 16 (so every tier's vectors tile a
    /// row exactly, with no tail), and — for full speed — the matrix and x 64-byte aligned, so no
    /// load splits a cache line. x's padding must hold finite values (zeros).
    /// </summary>
    internal static void GemvPaddedUnchecked(SimdPath path, ref float matrix, nint rows, nint stride, ref float x, ref float bias, ref float destination)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                GemvPaddedKernel<Vector512Ops, Vector512<float>>(ref matrix, rows, stride, ref x, ref bias, ref destination);
                break;
            case SimdPath.Vector256:
                GemvPaddedKernel<Vector256Ops, Vector256<float>>(ref matrix, rows, stride, ref x, ref bias, ref destination);
                break;
            case SimdPath.Vector128:
                GemvPaddedKernel<Vector128Ops, Vector128<float>>(ref matrix, rows, stride, ref x, ref bias, ref destination);
                break;
            default:
                GemvPaddedKernel<ScalarOps, float>(ref matrix, rows, stride, ref x, ref bias, ref destination);
                break;
        }
    }

    /// <summary>
    /// Four rows share each load of x; two vectors per row per step give eight FMA chains. With
    /// aligned, tail-free rows the loop is one load per FMA plus one x load per four.
    /// </summary>
    private static void GemvPaddedKernel<TOps, TVec>(ref float matrix, nint rows, nint stride, ref float x, ref float bias, ref float destination)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;
            nint j = 0;
            for (; j + (2 * width) <= stride; j += 2 * width)
            {
                TVec x0 = TOps.Load(ref x, j);
                TVec x1 = TOps.Load(ref x, j + width);
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref r1, j), x0, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref r2, j), x0, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref r3, j), x0, a3);
                b0 = TOps.MultiplyAdd(TOps.Load(ref r0, j + width), x1, b0);
                b1 = TOps.MultiplyAdd(TOps.Load(ref r1, j + width), x1, b1);
                b2 = TOps.MultiplyAdd(TOps.Load(ref r2, j + width), x1, b2);
                b3 = TOps.MultiplyAdd(TOps.Load(ref r3, j + width), x1, b3);
            }

            if (j < stride)
            {
                TVec x0 = TOps.Load(ref x, j);
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref r1, j), x0, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref r2, j), x0, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref r3, j), x0, a3);
            }

            (TOps.Sum4(TOps.Add(a0, b0), TOps.Add(a1, b1), TOps.Add(a2, b2), TOps.Add(a3, b3)) + Vector128.LoadUnsafe(ref bias, (nuint)i))
                .StoreUnsafe(ref destination, (nuint)i);
        }

        for (; i < rows; i++)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            TVec a0 = TOps.Zero, b0 = TOps.Zero;
            nint j = 0;
            for (; j + (2 * width) <= stride; j += 2 * width)
            {
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), TOps.Load(ref x, j), a0);
                b0 = TOps.MultiplyAdd(TOps.Load(ref r0, j + width), TOps.Load(ref x, j + width), b0);
            }

            if (j < stride)
            {
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), TOps.Load(ref x, j), a0);
            }

            Unsafe.Add(ref destination, i) = Unsafe.Add(ref bias, i) + TOps.Sum(TOps.Add(a0, b0));
        }
    }
}
