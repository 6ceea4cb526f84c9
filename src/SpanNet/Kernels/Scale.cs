using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        UnaryUnchecked(path, ref x, ref destination, length, new ScaleOperator(alpha));
    }

    private readonly struct ScaleOperator(float alpha) : IUnaryOperator
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Invoke<TOps, TVec>(TVec x)
            where TOps : IVectorOps<TVec>
            where TVec : struct => TOps.Multiply(x, TOps.Broadcast(alpha));
    }
}
