using System.Runtime.CompilerServices;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

/// <summary>What a column-panel kernel does to a finished result vector before storing it.</summary>
internal interface IColumnEpilogue
{
    /// <summary>Transforms the finished sums for columns [offset, offset + Count).</summary>
    static abstract TVec Apply<TOps, TVec>(TVec sums, ref float input, nint offset)
        where TOps : IVectorOps<TVec>
        where TVec : struct;
}

/// <summary>Stores the sums as they are.</summary>
internal readonly struct NoEpilogue : IColumnEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TOps, TVec>(TVec sums, ref float input, nint offset)
        where TOps : IVectorOps<TVec>
        where TVec : struct => sums;
}

/// <summary>Multiplies by the sigmoid's derivative written through its output: sums ⊙ a ⊙ (1 − a).</summary>
internal readonly struct SigmoidGradientEpilogue : IColumnEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Apply<TOps, TVec>(TVec sums, ref float input, nint offset)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        TVec a = TOps.Load(ref input, offset);
        return TOps.Multiply(sums, TOps.Multiply(a, TOps.Subtract(TOps.Broadcast(1f), a)));
    }
}
