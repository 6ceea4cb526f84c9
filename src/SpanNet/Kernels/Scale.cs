using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Scaling: effectively computes destination[i] = alpha·x[i].</summary>
    /// <param name="x">The vector.</param>
    /// <param name="alpha">The scale.</param>
    /// <param name="destination">Receives x.Length results; may be <paramref name="x"/> itself but must not partially overlap it.</param>
    public static void Scale(ReadOnlySpan<float> x, float alpha, Span<float> destination) => Scale(SimdInfo.ActivePath, x, alpha, destination);

    internal static void Scale(SimdPath path, ReadOnlySpan<float> x, float alpha, Span<float> destination)
    {
        Guard.DestinationLength(destination.Length, x.Length);
        Guard.InPlaceOrNoOverlap(x, destination, nameof(x));
        Guard.Path(path);
        ScaleUnchecked(path, ref MemoryMarshal.GetReference(x), alpha, ref MemoryMarshal.GetReference(destination), x.Length);
    }

    internal static void ScaleUnchecked(SimdPath path, ref float x, float alpha, ref float destination, nint length)
    {
        var op = new ScaleOperator(alpha);
        switch (path)
        {
            case SimdPath.Vector512:
                UnaryKernel<Vector512Ops, Vector512<float>, ScaleOperator>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector256:
                UnaryKernel<Vector256Ops, Vector256<float>, ScaleOperator>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector128:
                UnaryKernel<Vector128Ops, Vector128<float>, ScaleOperator>(ref x, ref destination, length, op);
                break;
            default:
                UnaryKernel<ScalarOps, float, ScaleOperator>(ref x, ref destination, length, op);
                break;
        }
    }

    private readonly struct ScaleOperator(float alpha) : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Invoke<TOps, TVec>(TVec x)
            where TOps : IVectorOps<TVec>
            where TVec : struct => TOps.Multiply(x, TOps.Broadcast(alpha));
    }
}
