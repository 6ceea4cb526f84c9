using System.Runtime.CompilerServices;

namespace SpanNet.Common;

/// <summary>
/// A small deterministic generator (xoshiro128** seeded through SplitMix64): the same seed gives
/// the same sequence on every runtime version, OS and ISA, unlike <see cref="Random"/>, whose
/// algorithm is an implementation detail. Not thread-safe; not for cryptography.
/// </summary>
public sealed class SeededRandom
{
    private uint s0, s1, s2, s3;

    /// <summary>Creates a generator from a 64-bit seed.</summary>
    /// <param name="seed">Any value; equal seeds give equal sequences.</param>
    public SeededRandom(ulong seed)
    {
        ulong state = seed;
        ulong a = SplitMix64(ref state), b = SplitMix64(ref state);
        s0 = (uint)a;
        s1 = (uint)(a >> 32);
        s2 = (uint)b;
        s3 = (uint)(b >> 32);
    }

    /// <summary>The next 32 random bits.</summary>
    /// <returns>A uniformly distributed 32-bit value.</returns>
    public uint NextUInt32() => Next(ref s0, ref s1, ref s2, ref s3);

    /// <summary>A float uniformly distributed in [0, 1) with 24 random bits.</summary>
    /// <returns>The value.</returns>
    public float NextSingle() => (NextUInt32() >> 8) * (1f / (1 << 24));

    /// <summary>A double uniformly distributed in [0, 1) with 53 random bits.</summary>
    /// <returns>The value.</returns>
    public double NextDouble() => ((((ulong)NextUInt32() << 32) | NextUInt32()) >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer uniformly distributed in [0, maxExclusive), without modulo bias.</summary>
    /// <param name="maxExclusive">The exclusive upper bound, at least 1.</param>
    /// <returns>The value.</returns>
    public int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        return Below((uint)maxExclusive, ref s0, ref s1, ref s2, ref s3);
    }

    /// <summary>Fisher–Yates shuffle in place.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="values">The values to permute.</param>
    public void Shuffle<T>(Span<T> values)
    {
        // The state in locals (registers) for the loop: drawn from the fields, each draw stored the
        // state and the next loaded it back, and a 1,797-index shuffle took 4.8 µs instead of 2.9.
        uint a = s0, b = s1, c = s2, d = s3;
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = Below((uint)i + 1, ref a, ref b, ref c, ref d);
            (values[i], values[j]) = (values[j], values[i]);
        }

        (s0, s1, s2, s3) = (a, b, c, d);
    }

    /// <summary>Uniform in [0, bound) for bound ≥ 1: Lemire's multiply-and-reject, no modulo bias.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Below(uint bound, ref uint s0, ref uint s1, ref uint s2, ref uint s3)
    {
        ulong product = (ulong)Next(ref s0, ref s1, ref s2, ref s3) * bound;
        if ((uint)product < bound)
        {
            uint threshold = (0u - bound) % bound;
            while ((uint)product < threshold)
            {
                product = (ulong)Next(ref s0, ref s1, ref s2, ref s3) * bound;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>One xoshiro128** step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Next(ref uint s0, ref uint s1, ref uint s2, ref uint s3)
    {
        uint result = uint.RotateLeft(s1 * 5, 7) * 9;
        uint t = s1 << 9;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = uint.RotateLeft(s3, 11);
        return result;
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
