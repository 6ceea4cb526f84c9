using System.Runtime.Intrinsics;

namespace SpanNet.Comparison;

/// <summary>
/// Not peers: the least any kernel can spend on a matrix's memory traffic here, measured on the
/// same array the benchmark's kernels use (the body's accesses aligned to 64 bytes, so no load or
/// store splits a cache line; the unaligned ends in scalar code). Need AVX-512.
/// </summary>
internal static unsafe class Floors
{
    /// <summary>Σ of the <paramref name="length"/> floats at <paramref name="values"/>: a pass that only reads them, eight accumulators.</summary>
    public static float Read(float* values, int length)
    {
        int i = HeadToAlignment(values, length);
        float sum = 0;
        for (int k = 0; k < i; k++)
        {
            sum += values[k];
        }

        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (; i + 128 <= length; i += 128)
        {
            float* p = values + i;
            a0 += Vector512.LoadAligned(p);
            a1 += Vector512.LoadAligned(p + 16);
            a2 += Vector512.LoadAligned(p + 32);
            a3 += Vector512.LoadAligned(p + 48);
            a4 += Vector512.LoadAligned(p + 64);
            a5 += Vector512.LoadAligned(p + 80);
            a6 += Vector512.LoadAligned(p + 96);
            a7 += Vector512.LoadAligned(p + 112);
        }

        for (; i + 16 <= length; i += 16)
        {
            a0 += Vector512.LoadAligned(values + i);
        }

        for (; i < length; i++)
        {
            sum += values[i];
        }

        return sum + Vector512.Sum(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
    }

    /// <summary>
    /// values[k] = values[k]·1 + 0 for the <paramref name="length"/> floats: every element read and
    /// written once, one FMA each, nothing else (the values do not change).
    /// </summary>
    public static void ReadWrite(float* values, int length)
    {
        int i = HeadToAlignment(values, length);
        for (int k = 0; k < i; k++)
        {
            values[k] = MathF.FusedMultiplyAdd(values[k], 1f, 0f);
        }

        Vector512<float> one = Vector512<float>.One, zero = Vector512<float>.Zero;
        for (; i + 64 <= length; i += 64)
        {
            float* p = values + i;
            Vector512.FusedMultiplyAdd(Vector512.LoadAligned(p), one, zero).StoreAligned(p);
            Vector512.FusedMultiplyAdd(Vector512.LoadAligned(p + 16), one, zero).StoreAligned(p + 16);
            Vector512.FusedMultiplyAdd(Vector512.LoadAligned(p + 32), one, zero).StoreAligned(p + 32);
            Vector512.FusedMultiplyAdd(Vector512.LoadAligned(p + 48), one, zero).StoreAligned(p + 48);
        }

        for (; i + 16 <= length; i += 16)
        {
            Vector512.FusedMultiplyAdd(Vector512.LoadAligned(values + i), one, zero).StoreAligned(values + i);
        }

        for (; i < length; i++)
        {
            values[i] = MathF.FusedMultiplyAdd(values[i], 1f, 0f);
        }
    }

    /// <summary>Elements before the first 64-byte boundary (at most <paramref name="length"/>).</summary>
    private static int HeadToAlignment(float* values, int length) =>
        Math.Min(length, (int)((64 - ((nint)values & 63)) & 63) / sizeof(float));
}
