using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// <see cref="BackpropDelta(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>
    /// for a panel of examples: δ[b, u] = (Σ_k Θ[k, u + 1]·δnext[b, k])·a[b, u]·(1 − a[b, u]). Per
    /// example the sum is a chain of <paramref name="rows"/> dependent FMAs per column vector (one
    /// call per example left the core waiting on those chains); four examples and two column
    /// vectors at a time keep eight chains in flight, and each Θ load feeds four of them.
    /// </summary>
    /// <param name="path">The tier.</param>
    /// <param name="weights">Θ(l)'s first weight (column 1 of row 0); row k's weights start <paramref name="stride"/> floats later per row (the bias column is never read).</param>
    /// <param name="stride">Floats from one row's weights to the next row's: units + 1 in the textbook layout, the padded stride in the trainer's aligned copy.</param>
    /// <param name="rows">Units of the next layer (rows of Θ).</param>
    /// <param name="units">Units of this layer.</param>
    /// <param name="deltaNext">δ(l+1), examples × rows.</param>
    /// <param name="activations">a(l), examples × units.</param>
    /// <param name="examples">Number of examples.</param>
    /// <param name="destination">δ(l), examples × units; must not overlap <paramref name="activations"/>.</param>
    internal static void BackpropDeltaPanelUnchecked(SimdPath path, ref float weights, nint stride, nint rows, nint units, ref float deltaNext, ref float activations, nint examples, ref float destination)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                BackpropDeltaPanelKernel<Vector512Ops, Vector512<float>>(ref weights, stride, rows, units, ref deltaNext, ref activations, examples, ref destination);
                break;
            case SimdPath.Vector256:
                BackpropDeltaPanelKernel<Vector256Ops, Vector256<float>>(ref weights, stride, rows, units, ref deltaNext, ref activations, examples, ref destination);
                break;
            case SimdPath.Vector128:
                BackpropDeltaPanelKernel<Vector128Ops, Vector128<float>>(ref weights, stride, rows, units, ref deltaNext, ref activations, examples, ref destination);
                break;
            default:
                BackpropDeltaPanelKernel<ScalarOps, float>(ref weights, stride, rows, units, ref deltaNext, ref activations, examples, ref destination);
                break;
        }
    }

    /// <summary>
    /// Column vectors start at 0, width, 2·width, … and, when the units are not a whole number of
    /// vectors, at units − width (overlapping lanes are computed again with the same sums and
    /// stored with the same values). Layers narrower than one vector, and the last examples short
    /// of four, take the one-example kernel.
    /// </summary>
    private static void BackpropDeltaPanelKernel<TOps, TVec>(ref float weights, nint stride, nint rows, nint units, ref float deltaNext, ref float activations, nint examples, ref float destination)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint b = 0;
        if (units >= width)
        {
            nint last = units - width;
            for (; b + 4 <= examples; b += 4)
            {
                ref float d = ref Unsafe.Add(ref deltaNext, b * rows);
                ref float a = ref Unsafe.Add(ref activations, b * units);
                ref float o = ref Unsafe.Add(ref destination, b * units);
                nint c = 0;
                for (; c + width < units; c += 2 * width)
                {
                    DeltaColumns4<TOps, TVec>(ref weights, stride, rows, c, Math.Min(c + width, last), pair: true, ref d, ref a, ref o, units);
                }

                if (c < units)
                {
                    DeltaColumns4<TOps, TVec>(ref weights, stride, rows, Math.Min(c, last), 0, pair: false, ref d, ref a, ref o, units);
                }
            }
        }

        for (; b < examples; b++)
        {
            GemvTransposedKernel<TOps, TVec, SigmoidGradientEpilogue>(
                ref weights, rows, units, stride, ref Unsafe.Add(ref deltaNext, b * rows), ref Unsafe.Add(ref destination, b * units), ref Unsafe.Add(ref activations, b * units), accumulate: false);
        }
    }

    /// <summary>Four examples (rows <paramref name="units"/> apart in a and δ) at the column vector <paramref name="at0"/>, and at <paramref name="at1"/> when <paramref name="pair"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DeltaColumns4<TOps, TVec>(ref float weights, nint stride, nint rows, nint at0, nint at1, bool pair, ref float deltaNext, ref float activations, ref float destination, nint units)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        TVec s00 = TOps.Zero, s10 = TOps.Zero, s20 = TOps.Zero, s30 = TOps.Zero;
        TVec s01 = TOps.Zero, s11 = TOps.Zero, s21 = TOps.Zero, s31 = TOps.Zero;
        ref float w = ref weights;
        ref float d = ref deltaNext;
        for (nint k = 0; k < rows; k++)
        {
            TVec w0 = TOps.Load(ref w, at0);
            TVec x0 = TOps.Broadcast(d), x1 = TOps.Broadcast(Unsafe.Add(ref d, rows)), x2 = TOps.Broadcast(Unsafe.Add(ref d, 2 * rows)), x3 = TOps.Broadcast(Unsafe.Add(ref d, 3 * rows));
            s00 = TOps.MultiplyAdd(w0, x0, s00);
            s10 = TOps.MultiplyAdd(w0, x1, s10);
            s20 = TOps.MultiplyAdd(w0, x2, s20);
            s30 = TOps.MultiplyAdd(w0, x3, s30);
            if (pair)
            {
                TVec w1 = TOps.Load(ref w, at1);
                s01 = TOps.MultiplyAdd(w1, x0, s01);
                s11 = TOps.MultiplyAdd(w1, x1, s11);
                s21 = TOps.MultiplyAdd(w1, x2, s21);
                s31 = TOps.MultiplyAdd(w1, x3, s31);
            }

            w = ref Unsafe.Add(ref w, stride);
            d = ref Unsafe.Add(ref d, 1);
        }

        StoreDelta<TOps, TVec>(s00, ref activations, ref destination, at0);
        StoreDelta<TOps, TVec>(s10, ref Unsafe.Add(ref activations, units), ref Unsafe.Add(ref destination, units), at0);
        StoreDelta<TOps, TVec>(s20, ref Unsafe.Add(ref activations, 2 * units), ref Unsafe.Add(ref destination, 2 * units), at0);
        StoreDelta<TOps, TVec>(s30, ref Unsafe.Add(ref activations, 3 * units), ref Unsafe.Add(ref destination, 3 * units), at0);
        if (pair)
        {
            StoreDelta<TOps, TVec>(s01, ref activations, ref destination, at1);
            StoreDelta<TOps, TVec>(s11, ref Unsafe.Add(ref activations, units), ref Unsafe.Add(ref destination, units), at1);
            StoreDelta<TOps, TVec>(s21, ref Unsafe.Add(ref activations, 2 * units), ref Unsafe.Add(ref destination, 2 * units), at1);
            StoreDelta<TOps, TVec>(s31, ref Unsafe.Add(ref activations, 3 * units), ref Unsafe.Add(ref destination, 3 * units), at1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreDelta<TOps, TVec>(TVec sums, ref float activations, ref float destination, nint at)
        where TOps : IVectorOps<TVec>
        where TVec : struct => TOps.Store(SigmoidGradientEpilogue.Apply<TOps, TVec>(sums, ref activations, at), ref destination, at);
}
