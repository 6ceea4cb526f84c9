using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The logistic sigmoid: effectively computes destination[i] = 1 / (1 + e^(−x[i])).
    /// Accurate over the whole float range (see the README for the measured error), saturating
    /// smoothly for large |x| (σ(+∞) = 1, σ(−∞) = 0, results below 2⁻¹²⁶ are faithfully rounded
    /// subnormals) and returning NaN for NaN. Never overflows.
    /// </summary>
    /// <param name="x">The inputs.</param>
    /// <param name="destination">Receives x.Length results; may be <paramref name="x"/> itself (in place) but must not partially overlap it.</param>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination) => Sigmoid(SimdInfo.ActivePath, x, destination);

    /// <summary>The logistic sigmoid in place: values[i] = 1 / (1 + e^(−values[i])).</summary>
    /// <param name="values">The inputs, overwritten by the results.</param>
    public static void Sigmoid(Span<float> values) => Sigmoid(SimdInfo.ActivePath, values, values);

    internal static void Sigmoid(SimdPath path, ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.DestinationLength(destination.Length, x.Length);
        Guard.InPlaceOrNoOverlap(x, destination, nameof(x));
        Guard.Path(path);
        SigmoidUnchecked(path, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), x.Length);
    }

    internal static void SigmoidUnchecked(SimdPath path, ref float x, ref float destination, nint length)
    {
        UnaryUnchecked(path, ref x, ref destination, length, default(SigmoidOperator));
    }

    /// <summary>
    /// σ(x) = num / (1 + e) with e = e^(−|x|) ∈ [0, 1], num = 1 for x ≥ 0 and e for x &lt; 0: the
    /// exponential never overflows and one division covers both signs.
    /// e^u for u = −|x| ∈ [−104, 0]: u = k·ln2 + r with k = round(u·log2 e) (the magic-number
    /// rounding), r by a two-part (Cody–Waite) ln 2 so it stays exact, e^r by Cephes' degree-6
    /// polynomial on |r| ≤ ln2/2, then 2^k applied as 2^(k+64) · 2^−64 so that results down to
    /// the subnormal range are built from normal powers of two and rounded once.
    /// </summary>
    private readonly struct SigmoidOperator : IUnaryOperator
    {
        private const float MinExponent = -104f;   // e^−104 < 2^−150: σ rounds to 0 (or 1) beyond it.
        private const float Log2E = 1.44269504088896341f;
        private const float Ln2High = 0.693359375f;
        private const float Ln2Low = -2.12194440e-4f;
        private const float TwoToMinus64 = 5.42101086242752217e-20f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public TVec Invoke<TOps, TVec>(TVec x)
            where TOps : IVectorOps<TVec>
            where TVec : struct
        {
            TVec one = TOps.Broadcast(1f);
            TVec u = TOps.Subtract(TOps.Zero, TOps.MinPropagatingNaN(TOps.Broadcast(-MinExponent), TOps.Abs(x)));

            TVec magicPlusK = TOps.MultiplyAdd(u, TOps.Broadcast(Log2E), TOps.Broadcast(VectorConstants.RoundingMagic));
            TVec k = TOps.Subtract(magicPlusK, TOps.Broadcast(VectorConstants.RoundingMagic));
            TVec r = TOps.MultiplyAdd(k, TOps.Broadcast(-Ln2High), u);
            r = TOps.MultiplyAdd(k, TOps.Broadcast(-Ln2Low), r);

            // The polynomial comes out pre-scaled by 2⁻⁶⁴ (coefficients times a power of two are
            // exact, and FMA(r, s, s) = s·(r + 1) rounds exactly like r + 1), which saves a multiply.
            // Estrin's scheme (three independent pairs, then two steps in r²) rather than Horner:
            // 12 cycles of FMA latency instead of 20 on the path every call waits on.
            TVec r2 = TOps.Multiply(r, r);
            TVec c10 = TOps.MultiplyAdd(TOps.Broadcast(1.6666665459e-1f * TwoToMinus64), r, TOps.Broadcast(5.0000001201e-1f * TwoToMinus64));
            TVec c32 = TOps.MultiplyAdd(TOps.Broadcast(8.3334519073e-3f * TwoToMinus64), r, TOps.Broadcast(4.1665795894e-2f * TwoToMinus64));
            TVec c54 = TOps.MultiplyAdd(TOps.Broadcast(1.9875691500e-4f * TwoToMinus64), r, TOps.Broadcast(1.3981999507e-3f * TwoToMinus64));
            TVec p = TOps.MultiplyAdd(TOps.MultiplyAdd(c54, r2, c32), r2, c10);
            p = TOps.MultiplyAdd(p, r2, TOps.MultiplyAdd(r, TOps.Broadcast(TwoToMinus64), TOps.Broadcast(TwoToMinus64)));

            TVec scale = TOps.PowerOfTwoFromMagic(TOps.Add(magicPlusK, TOps.Broadcast(64f)));
            TVec e = TOps.Multiply(p, scale);

            TVec numerator = TOps.Select(TOps.GreaterThanOrEqual(x, TOps.Zero), one, e);
            return TOps.Divide(numerator, TOps.Add(one, e));
        }
    }
}
