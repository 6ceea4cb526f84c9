namespace SpanNet.Benchmarks;

/// <summary>Seeded inputs and a sanity check that every variant of a benchmark computes the same thing.</summary>
internal static class BenchData
{
    /// <summary><paramref name="length"/> floats uniform in [<paramref name="min"/>, <paramref name="max"/>], the same for the same seed.</summary>
    public static float[] Random(int length, int seed, float min = -1f, float max = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = min + ((max - min) * (float)random.NextDouble());
        }

        return values;
    }

    /// <summary>
    /// Runs the scalar baseline, then each variant, and checks every variant leaves the same
    /// <paramref name="destination"/> as the baseline (each variant overwrites it completely).
    /// </summary>
    public static void AssertVariantsAgree(float[] destination, Action baseline, params (string Name, Action Run)[] variants)
    {
        baseline();
        float[] expected = [.. destination];
        foreach ((string name, Action run) in variants)
        {
            run();
            AssertClose(expected, destination, name);
        }
    }

    /// <summary>
    /// Throws when <paramref name="actual"/> and <paramref name="expected"/> differ by more than a
    /// loose relative tolerance: the variants sum in different orders, but a wrong index shows.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} results, expected {expected.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual[i]);
            if (!(error <= 1e-3f * (1f + MathF.Abs(expected[i]))))
            {
                throw new InvalidOperationException($"{what}: element {i} is {actual[i]:R}, the scalar loop gives {expected[i]:R}.");
            }
        }
    }
}
