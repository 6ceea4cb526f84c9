using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// Backprop's gradient accumulation for a panel of examples, a rank-k update in the textbook
    /// layout: Δ[i, 0] += Σ_b δ[b, i] and Δ[i, j + 1] += Σ_b δ[b, i]·a[b, j], i.e.
    /// Δ += δᵀ·[1, A] — the same sums as <see cref="AddOuterProductBiasColumn"/> per example, but
    /// each row of Δ is loaded and stored once per four examples.
    /// </summary>
    /// <param name="path">The tier.</param>
    /// <param name="delta">δ, examples × units, rows <paramref name="units"/> apart.</param>
    /// <param name="units">Rows of Δ.</param>
    /// <param name="activations">A, examples × inputs, rows <paramref name="activationStride"/> apart.</param>
    /// <param name="inputs">Columns of Δ minus the bias column.</param>
    /// <param name="activationStride">Distance between example rows of A.</param>
    /// <param name="examples">Number of examples.</param>
    /// <param name="matrix">Δ, units × (inputs + 1), row-major, updated in place.</param>
    internal static void AddOuterProductsBiasColumnUnchecked(SimdPath path, ref float delta, nint units, ref float activations, nint inputs, nint activationStride, nint examples, ref float matrix)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                AddOuterProductsKernel<Vector512Ops, Vector512<float>>(ref delta, units, ref activations, inputs, activationStride, examples, ref matrix);
                break;
            case SimdPath.Vector256:
                AddOuterProductsKernel<Vector256Ops, Vector256<float>>(ref delta, units, ref activations, inputs, activationStride, examples, ref matrix);
                break;
            case SimdPath.Vector128:
                AddOuterProductsKernel<Vector128Ops, Vector128<float>>(ref delta, units, ref activations, inputs, activationStride, examples, ref matrix);
                break;
            default:
                AddOuterProductsKernel<ScalarOps, float>(ref delta, units, ref activations, inputs, activationStride, examples, ref matrix);
                break;
        }
    }

    /// <summary>
    /// Four examples at a time: per vector step one Δ load, four activation loads, four FMAs and one
    /// store. The column tail is one more full vector ending at the last column, loaded after the
    /// body has stored, with the activation lanes already done masked to zero so they add nothing.
    /// Leftover examples take the rank-1 kernel.
    /// </summary>
    private static void AddOuterProductsKernel<TOps, TVec>(ref float delta, nint units, ref float activations, nint inputs, nint activationStride, nint examples, ref float matrix)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint stride = inputs + 1;
        nint b = 0;
        if (inputs >= width && width > 1)
        {
            nint tailStart = inputs - width;
            int tailCount = (int)(inputs % width);
            nint bodyEnd = inputs - tailCount;
            TVec mask = TOps.TailMask(tailCount);
            for (; b + 4 <= examples; b += 4)
            {
                ref float x0 = ref Unsafe.Add(ref activations, b * activationStride);
                ref float x1 = ref Unsafe.Add(ref x0, activationStride);
                ref float x2 = ref Unsafe.Add(ref x1, activationStride);
                ref float x3 = ref Unsafe.Add(ref x2, activationStride);
                ref float d = ref Unsafe.Add(ref delta, b * units);
                TVec t0 = TOps.And(TOps.Load(ref x0, tailStart), mask), t1 = TOps.And(TOps.Load(ref x1, tailStart), mask);
                TVec t2 = TOps.And(TOps.Load(ref x2, tailStart), mask), t3 = TOps.And(TOps.Load(ref x3, tailStart), mask);
                for (nint i = 0; i < units; i++)
                {
                    float s0 = Unsafe.Add(ref d, i), s1 = Unsafe.Add(ref d, units + i), s2 = Unsafe.Add(ref d, (2 * units) + i), s3 = Unsafe.Add(ref d, (3 * units) + i);
                    ref float row = ref Unsafe.Add(ref matrix, i * stride);
                    row += ((s0 + s1) + s2) + s3;
                    row = ref Unsafe.Add(ref row, 1);
                    TVec d0 = TOps.Broadcast(s0), d1 = TOps.Broadcast(s1), d2 = TOps.Broadcast(s2), d3 = TOps.Broadcast(s3);
                    for (nint j = 0; j < bodyEnd; j += width)
                    {
                        TVec acc = TOps.Load(ref row, j);
                        acc = TOps.MultiplyAdd(TOps.Load(ref x0, j), d0, acc);
                        acc = TOps.MultiplyAdd(TOps.Load(ref x1, j), d1, acc);
                        acc = TOps.MultiplyAdd(TOps.Load(ref x2, j), d2, acc);
                        acc = TOps.MultiplyAdd(TOps.Load(ref x3, j), d3, acc);
                        TOps.Store(acc, ref row, j);
                    }

                    if (tailCount != 0)
                    {
                        TVec acc = TOps.Load(ref row, tailStart);
                        acc = TOps.MultiplyAdd(t0, d0, acc);
                        acc = TOps.MultiplyAdd(t1, d1, acc);
                        acc = TOps.MultiplyAdd(t2, d2, acc);
                        acc = TOps.MultiplyAdd(t3, d3, acc);
                        TOps.Store(acc, ref row, tailStart);
                    }
                }
            }
        }

        for (; b < examples; b++)
        {
            OuterProductKernel<TOps, TVec>(1f, ref Unsafe.Add(ref delta, b * units), units, ref Unsafe.Add(ref activations, b * activationStride), inputs, ref matrix, biasColumn: true);
        }
    }
}
