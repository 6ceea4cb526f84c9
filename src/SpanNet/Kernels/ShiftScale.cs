using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// destination[i] = (x[i] − offset[i])·scale[i], a subtraction then a multiplication, each
    /// rounded (no fused multiply-add), so every tier gives the scalar formula's bits. The input
    /// scaling of a model; <paramref name="destination"/> may be <paramref name="x"/> itself.
    /// Returns whether every result is finite (checked in the same pass, as in <see cref="AllFinite"/>).
    /// </summary>
    internal static bool ShiftScaleUnchecked(SimdPath path, ref float x, ref float offset, ref float scale, ref float destination, nint length)
    {
        return path switch
        {
            SimdPath.Vector512 => ShiftScaleKernel<Vector512Ops, Vector512<float>>(ref x, ref offset, ref scale, ref destination, length),
            SimdPath.Vector256 => ShiftScaleKernel<Vector256Ops, Vector256<float>>(ref x, ref offset, ref scale, ref destination, length),
            SimdPath.Vector128 => ShiftScaleKernel<Vector128Ops, Vector128<float>>(ref x, ref offset, ref scale, ref destination, length),
            _ => ShiftScaleKernel<ScalarOps, float>(ref x, ref offset, ref scale, ref destination, length),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ShiftScaleKernel<TOps, TVec>(ref float x, ref float offset, ref float scale, ref float destination, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        TVec zero = TOps.Zero, check = TOps.Zero;
        nint i = 0;
        for (; i + width <= length; i += width)
        {
            TVec scaled = TOps.Multiply(TOps.Subtract(TOps.Load(ref x, i), TOps.Load(ref offset, i)), TOps.Load(ref scale, i));
            TOps.Store(scaled, ref destination, i);
            check = TOps.MultiplyAdd(scaled, zero, check);
        }

        float sum = TOps.Sum(check);
        for (; i < length; i++)
        {
            float scaled = (Unsafe.Add(ref x, i) - Unsafe.Add(ref offset, i)) * Unsafe.Add(ref scale, i);
            Unsafe.Add(ref destination, i) = scaled;
            sum += scaled * 0f;
        }

        return sum == 0;
    }
}
