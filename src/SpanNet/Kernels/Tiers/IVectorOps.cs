using System.Runtime.Intrinsics;

namespace SpanNet.Kernels.Tiers;

/// <summary>
/// The few vector primitives every kernel is written against. One struct per SIMD tier implements
/// them over its own register type (Vector512, Vector256, Vector128, or a plain float for the scalar
/// tier), so each kernel is written once and the JIT specializes it per tier with no virtual call.
/// </summary>
/// <typeparam name="TVec">The register type of the tier.</typeparam>
internal interface IVectorOps<TVec> where TVec : struct
{
    /// <summary>Number of float lanes in <typeparamref name="TVec"/>.</summary>
    static abstract int Count { get; }

    /// <summary>
    /// Whether the machine has 32 architectural registers of this width (AVX-512's zmm/ymm/xmm0–31,
    /// Arm64's v0–31) rather than 16 (AVX2, SSE): register blocks of 16 accumulators fit only then.
    /// </summary>
    static abstract bool HasWideRegisterFile { get; }

    static abstract TVec Zero { get; }

    static abstract TVec Broadcast(float value);

    static abstract TVec Load(ref float source, nint offset);

    static abstract void Store(TVec value, ref float destination, nint offset);

    static abstract TVec Add(TVec a, TVec b);

    static abstract TVec Subtract(TVec a, TVec b);

    static abstract TVec Multiply(TVec a, TVec b);

    static abstract TVec Divide(TVec a, TVec b);

    /// <summary>Correctly rounded square root per lane.</summary>
    static abstract TVec Sqrt(TVec value);

    /// <summary>a·b + c, fused (one rounding) where the hardware has FMA.</summary>
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec c);

    /// <summary>Horizontal sum in a fixed lane order (deterministic for a given tier).</summary>
    static abstract float Sum(TVec value);

    /// <summary>
    /// The horizontal sums of four registers in one: [Σa, Σb, Σc, Σd], by a transposing
    /// pairwise-add tree (about a third of the shuffles and adds of four separate sums). A fixed
    /// lane order per tier, so results are deterministic for a given tier.
    /// </summary>
    static abstract Vector128<float> Sum4(TVec a, TVec b, TVec c, TVec d);

    static abstract TVec Abs(TVec value);

    /// <summary>
    /// min(limit, value) with the platform's native semantics; every tier returns
    /// <paramref name="value"/> when it is NaN, which the sigmoid relies on to propagate NaN.
    /// </summary>
    static abstract TVec MinPropagatingNaN(TVec limit, TVec value);

    /// <summary>All-ones lanes where a ≥ b, zero lanes elsewhere (false for NaN).</summary>
    static abstract TVec GreaterThanOrEqual(TVec a, TVec b);

    /// <summary>Per lane: mask set ? whenTrue : whenFalse.</summary>
    static abstract TVec Select(TVec mask, TVec whenTrue, TVec whenFalse);

    static abstract TVec And(TVec a, TVec b);

    /// <summary>A mask with the last <paramref name="count"/> lanes set (0 ≤ count ≤ Count).</summary>
    static abstract TVec TailMask(int count);

    /// <summary>
    /// 2^k for lanes holding 1.5·2²³ + k (the "round by adding a magic number" form of an integer
    /// k in [−150, 126]): the low mantissa bits of that float are k, so shifting them into the
    /// exponent field builds the power of two with integer ops only.
    /// </summary>
    static abstract TVec PowerOfTwoFromMagic(TVec magicPlusK);
}
