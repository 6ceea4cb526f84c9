using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SpanNet.Comparison;

/// <summary>Seeded inputs and the checks that every peer computes what SpanNet computes.</summary>
internal static class ComparisonData
{
    /// <summary><paramref name="length"/> floats uniform in [<paramref name="min"/>, <paramref name="max"/>], the same for the same seed (the in-project suite's generator).</summary>
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

    /// <summary>A pinned copy of <paramref name="values"/>: native peers get stable addresses once, outside the timed calls.</summary>
    public static float[] Pinned(ReadOnlySpan<float> values)
    {
        float[] pinned = GC.AllocateUninitializedArray<float>(values.Length, pinned: true);
        values.CopyTo(pinned);
        return pinned;
    }

    /// <summary>The address of the first element of an array from <see cref="Pinned"/> (valid as long as the array lives).</summary>
    public static unsafe float* Address(float[] pinned) => (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    /// <summary>
    /// Throws unless |actual − expected| ≤ <paramref name="tolerance"/>·(1 + |expected|) everywhere:
    /// the variants sum in different orders, but a wrong index, stride or transpose shows.
    /// </summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what, float tolerance = 1e-4f)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: {actual.Length} results, SpanNet gives {expected.Length}.");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            float error = MathF.Abs(expected[i] - actual[i]);
            if (!(error <= tolerance * (1f + MathF.Abs(expected[i]))))
            {
                throw new InvalidOperationException($"{what}: element {i} is {actual[i]:R}, SpanNet gives {expected[i]:R} (difference {error:R}).");
            }
        }
    }
}
