using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Dot product: effectively computes Σ_i x[i]·y[i].</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector, of the same length.</param>
    /// <returns>The sum of products (0 for empty vectors).</returns>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y) => Dot(SimdInfo.ActivePath, x, y);

    internal static float Dot(SimdPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Guard.ExactLength(y.Length, x.Length, nameof(y), "the length of x");
        Guard.Path(path);
        float result = 0f;
        ref float r = ref result;

        // A dot product is a 1 × n matrix-vector product; the gemv kernel already blocks and masks it.
        GemvUnchecked(path, ref MemoryMarshal.GetReference(x), 1, x.Length, x.Length, ref MemoryMarshal.GetReference(y), ref r, GemvStart.Zero);
        return result;
    }
}
