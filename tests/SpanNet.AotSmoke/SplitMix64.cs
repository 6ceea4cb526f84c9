namespace SpanNet.AotSmoke;

/// <summary>SplitMix64: a tiny seeded generator, so every machine and every build sees the same inputs.</summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong state = seed;

    public ulong Next()
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [min, max).</summary>
    public float NextSingle(float min, float max) => min + ((max - min) * ((Next() >> 40) * (1f / (1 << 24))));

    /// <summary>Uniform in [0, maxExclusive).</summary>
    public int NextInt32(int maxExclusive) => (int)((Next() >> 33) % (ulong)maxExclusive);
}
