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
    /// </summary>
    internal static void ShiftScaleUnchecked(SimdPath path, ref float x, ref float offset, ref float scale, ref float destination, nint length)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                ShiftScaleKernel<Vector512Ops, Vector512<float>>(ref x, ref offset, ref scale, ref destination, length);
                break;
            case SimdPath.Vector256:
                ShiftScaleKernel<Vector256Ops, Vector256<float>>(ref x, ref offset, ref scale, ref destination, length);
                break;
            case SimdPath.Vector128:
                ShiftScaleKernel<Vector128Ops, Vector128<float>>(ref x, ref offset, ref scale, ref destination, length);
                break;
            default:
                ShiftScaleKernel<ScalarOps, float>(ref x, ref offset, ref scale, ref destination, length);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ShiftScaleKernel<TOps, TVec>(ref float x, ref float offset, ref float scale, ref float destination, nint length)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint i = 0;
        for (; i + width <= length; i += width)
        {
            TOps.Store(TOps.Multiply(TOps.Subtract(TOps.Load(ref x, i), TOps.Load(ref offset, i)), TOps.Load(ref scale, i)), ref destination, i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref destination, i) = (Unsafe.Add(ref x, i) - Unsafe.Add(ref offset, i)) * Unsafe.Add(ref scale, i);
        }
    }
}
