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
    /// <param name="activations">A, one row of inputs per example.</param>
    /// <param name="inputs">Columns of Δ minus the bias column.</param>
    /// <param name="examples">Number of examples.</param>
    /// <param name="matrix">Δ: the weight rows and the bias column (textbook or aligned layout), updated in place.</param>
    /// <param name="accumulate">False to overwrite Δ with the panel's sum instead (what a cleared Δ would get, without the clearing pass).</param>
    internal static void AddOuterProductsBiasColumnUnchecked(SimdPath path, ref float delta, nint units, PanelRows activations, nint inputs, nint examples, ThetaRows matrix, bool accumulate)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                AddOuterProductsKernel<Vector512Ops, Vector512<float>>(ref delta, units, activations, inputs, examples, matrix, accumulate);
                break;
            case SimdPath.Vector256:
                AddOuterProductsKernel<Vector256Ops, Vector256<float>>(ref delta, units, activations, inputs, examples, matrix, accumulate);
                break;
            case SimdPath.Vector128:
                AddOuterProductsKernel<Vector128Ops, Vector128<float>>(ref delta, units, activations, inputs, examples, matrix, accumulate);
                break;
            default:
                AddOuterProductsKernel<ScalarOps, float>(ref delta, units, activations, inputs, examples, matrix, accumulate);
                break;
        }
    }

    /// <summary>
    /// A register block of 4 rows × 4 vectors of Δ (4 × 2 on machines with 16 vector registers)
    /// stays in registers while every example of the panel is added to it: per example four
    /// activation loads and four δ broadcasts feed sixteen FMAs, and each element of Δ is loaded and
    /// stored once per call instead of once per example (a rank-1 pass costs a load and a store per
    /// FMA). Each element still gets its terms in
    /// example order. The column tail is one more full vector ending at the last column, done after
    /// the body has stored, with the activation lanes the body already covered masked to zero.
    /// </summary>
    private static void AddOuterProductsKernel<TOps, TVec>(ref float delta, nint units, PanelRows activations, nint inputs, nint examples, ThetaRows matrix, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        if (inputs < width && width > 1)
        {
            // Too few columns for one vector: the scalar form of the same blocks.
            AddOuterProductsKernel<ScalarOps, float>(ref delta, units, activations, inputs, examples, matrix, accumulate);
            return;
        }

        ref float weights = ref matrix.Weights;
        nint stride = matrix.Stride;
        AddBiasColumn(ref delta, units, examples, ref matrix.Bias, matrix.BiasStride, accumulate);

        nint tailStart = inputs - width;
        int tailCount = (int)(inputs % width);
        nint bodyEnd = inputs - tailCount;
        TVec mask = TOps.TailMask(tailCount);
        nint unit = 0;
        for (; unit + 4 <= units; unit += 4)
        {
            ref float r0 = ref Unsafe.Add(ref weights, unit * stride);
            ref float d = ref Unsafe.Add(ref delta, unit);
            nint j = 0;
            if (TOps.HasWideRegisterFile)
            {
                for (; j + (4 * width) <= bodyEnd; j += 4 * width)
                {
                    AddBlock4x4<TOps, TVec>(ref r0, stride, j, activations, ref d, units, examples, accumulate);
                }
            }

            for (; j + (2 * width) <= bodyEnd; j += 2 * width)
            {
                AddBlock4x2<TOps, TVec>(ref r0, stride, j, activations, ref d, units, examples, accumulate);
            }

            if (j < bodyEnd)
            {
                AddColumnVector<TOps, TVec>(ref r0, stride, 4, j, TOps.Zero, masked: false, activations, ref d, units, examples, accumulate);
            }

            if (tailCount != 0)
            {
                AddColumnVector<TOps, TVec>(ref r0, stride, 4, tailStart, mask, masked: true, activations, ref d, units, examples, accumulate);
            }
        }

        for (; unit < units; unit++)
        {
            ref float r0 = ref Unsafe.Add(ref weights, unit * stride);
            ref float d = ref Unsafe.Add(ref delta, unit);
            nint j = 0;
            for (; j + (4 * width) <= bodyEnd; j += 4 * width)
            {
                // One row: four column vectors at a time keep four FMA chains busy.
                TVec c0 = Start<TOps, TVec>(ref r0, j, accumulate), c1 = Start<TOps, TVec>(ref r0, j + width, accumulate), c2 = Start<TOps, TVec>(ref r0, j + (2 * width), accumulate), c3 = Start<TOps, TVec>(ref r0, j + (3 * width), accumulate);
                for (nint b = 0; b < examples; b++)
                {
                    ref float x = ref activations[b];
                    TVec s = TOps.Broadcast(Unsafe.Add(ref d, b * units));
                    c0 = TOps.MultiplyAdd(TOps.Load(ref x, j), s, c0);
                    c1 = TOps.MultiplyAdd(TOps.Load(ref x, j + width), s, c1);
                    c2 = TOps.MultiplyAdd(TOps.Load(ref x, j + (2 * width)), s, c2);
                    c3 = TOps.MultiplyAdd(TOps.Load(ref x, j + (3 * width)), s, c3);
                }

                TOps.Store(c0, ref r0, j);
                TOps.Store(c1, ref r0, j + width);
                TOps.Store(c2, ref r0, j + (2 * width));
                TOps.Store(c3, ref r0, j + (3 * width));
            }

            for (; j < bodyEnd; j += width)
            {
                AddColumnVector<TOps, TVec>(ref r0, stride, 1, j, TOps.Zero, masked: false, activations, ref d, units, examples, accumulate);
            }

            if (tailCount != 0)
            {
                AddColumnVector<TOps, TVec>(ref r0, stride, 1, tailStart, mask, masked: true, activations, ref d, units, examples, accumulate);
            }
        }
    }

    /// <summary>
    /// Δ[i, 0] += Σ_b δ[b, i], in example order. The sums run in locals, four units at a time: summed
    /// in place, every add waited on the store before it (a load–add–store chain through memory
    /// that cost as much as a tenth of the whole update).
    /// </summary>
    private static void AddBiasColumn(ref float delta, nint units, nint examples, ref float bias, nint stride, bool accumulate)
    {
        nint i = 0;
        for (; i + 4 <= units; i += 4)
        {
            ref float b0 = ref Unsafe.Add(ref bias, i * stride);
            ref float b1 = ref Unsafe.Add(ref b0, stride);
            ref float b2 = ref Unsafe.Add(ref b1, stride);
            ref float b3 = ref Unsafe.Add(ref b2, stride);
            float s0 = accumulate ? b0 : 0f, s1 = accumulate ? b1 : 0f, s2 = accumulate ? b2 : 0f, s3 = accumulate ? b3 : 0f;
            ref float d = ref Unsafe.Add(ref delta, i);
            for (nint b = 0; b < examples; b++)
            {
                s0 += d;
                s1 += Unsafe.Add(ref d, 1);
                s2 += Unsafe.Add(ref d, 2);
                s3 += Unsafe.Add(ref d, 3);
                d = ref Unsafe.Add(ref d, units);
            }

            b0 = s0;
            b1 = s1;
            b2 = s2;
            b3 = s3;
        }

        for (; i < units; i++)
        {
            ref float bi = ref Unsafe.Add(ref bias, i * stride);
            float sum = accumulate ? bi : 0f;
            for (nint b = 0; b < examples; b++)
            {
                sum += Unsafe.Add(ref delta, (b * units) + i);
            }

            bi = sum;
        }
    }

    /// <summary>
    /// Rows r0 … r3 of Δ at columns [at, at + 4·width): sixteen accumulators stay in registers while
    /// every example is added (per example four activation loads and four δ broadcasts feed sixteen
    /// FMAs). Needs 32 vector registers (AVX-512 or AdvSIMD); with 16 the accumulators would spill.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBlock4x4<TOps, TVec>(ref float r0, nint stride, nint at, PanelRows activations, ref float d, nint units, nint examples, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        ref float r1 = ref Unsafe.Add(ref r0, stride);
        ref float r2 = ref Unsafe.Add(ref r1, stride);
        ref float r3 = ref Unsafe.Add(ref r2, stride);
        TVec c00 = Start<TOps, TVec>(ref r0, at, accumulate), c01 = Start<TOps, TVec>(ref r0, at + width, accumulate), c02 = Start<TOps, TVec>(ref r0, at + (2 * width), accumulate), c03 = Start<TOps, TVec>(ref r0, at + (3 * width), accumulate);
        TVec c10 = Start<TOps, TVec>(ref r1, at, accumulate), c11 = Start<TOps, TVec>(ref r1, at + width, accumulate), c12 = Start<TOps, TVec>(ref r1, at + (2 * width), accumulate), c13 = Start<TOps, TVec>(ref r1, at + (3 * width), accumulate);
        TVec c20 = Start<TOps, TVec>(ref r2, at, accumulate), c21 = Start<TOps, TVec>(ref r2, at + width, accumulate), c22 = Start<TOps, TVec>(ref r2, at + (2 * width), accumulate), c23 = Start<TOps, TVec>(ref r2, at + (3 * width), accumulate);
        TVec c30 = Start<TOps, TVec>(ref r3, at, accumulate), c31 = Start<TOps, TVec>(ref r3, at + width, accumulate), c32 = Start<TOps, TVec>(ref r3, at + (2 * width), accumulate), c33 = Start<TOps, TVec>(ref r3, at + (3 * width), accumulate);
        ref float s = ref d;
        for (nint b = 0; b < examples; b++)
        {
            ref float x = ref Unsafe.Add(ref activations[b], at);
            TVec v0 = TOps.Load(ref x, 0), v1 = TOps.Load(ref x, width), v2 = TOps.Load(ref x, 2 * width), v3 = TOps.Load(ref x, 3 * width);
            TVec s0 = TOps.Broadcast(s);
            c00 = TOps.MultiplyAdd(v0, s0, c00);
            c01 = TOps.MultiplyAdd(v1, s0, c01);
            c02 = TOps.MultiplyAdd(v2, s0, c02);
            c03 = TOps.MultiplyAdd(v3, s0, c03);
            TVec s1 = TOps.Broadcast(Unsafe.Add(ref s, 1));
            c10 = TOps.MultiplyAdd(v0, s1, c10);
            c11 = TOps.MultiplyAdd(v1, s1, c11);
            c12 = TOps.MultiplyAdd(v2, s1, c12);
            c13 = TOps.MultiplyAdd(v3, s1, c13);
            TVec s2 = TOps.Broadcast(Unsafe.Add(ref s, 2));
            c20 = TOps.MultiplyAdd(v0, s2, c20);
            c21 = TOps.MultiplyAdd(v1, s2, c21);
            c22 = TOps.MultiplyAdd(v2, s2, c22);
            c23 = TOps.MultiplyAdd(v3, s2, c23);
            TVec s3 = TOps.Broadcast(Unsafe.Add(ref s, 3));
            c30 = TOps.MultiplyAdd(v0, s3, c30);
            c31 = TOps.MultiplyAdd(v1, s3, c31);
            c32 = TOps.MultiplyAdd(v2, s3, c32);
            c33 = TOps.MultiplyAdd(v3, s3, c33);
            s = ref Unsafe.Add(ref s, units);
        }

        TOps.Store(c00, ref r0, at);
        TOps.Store(c01, ref r0, at + width);
        TOps.Store(c02, ref r0, at + (2 * width));
        TOps.Store(c03, ref r0, at + (3 * width));
        TOps.Store(c10, ref r1, at);
        TOps.Store(c11, ref r1, at + width);
        TOps.Store(c12, ref r1, at + (2 * width));
        TOps.Store(c13, ref r1, at + (3 * width));
        TOps.Store(c20, ref r2, at);
        TOps.Store(c21, ref r2, at + width);
        TOps.Store(c22, ref r2, at + (2 * width));
        TOps.Store(c23, ref r2, at + (3 * width));
        TOps.Store(c30, ref r3, at);
        TOps.Store(c31, ref r3, at + width);
        TOps.Store(c32, ref r3, at + (2 * width));
        TOps.Store(c33, ref r3, at + (3 * width));
    }

    /// <summary>Rows r0 … r3 of Δ at columns [at, at + 2·width): eight accumulators, for 16-register machines and the leftover pair of vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddBlock4x2<TOps, TVec>(ref float r0, nint stride, nint at, PanelRows activations, ref float d, nint units, nint examples, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        ref float r1 = ref Unsafe.Add(ref r0, stride);
        ref float r2 = ref Unsafe.Add(ref r1, stride);
        ref float r3 = ref Unsafe.Add(ref r2, stride);
        TVec c00 = Start<TOps, TVec>(ref r0, at, accumulate), c01 = Start<TOps, TVec>(ref r0, at + width, accumulate);
        TVec c10 = Start<TOps, TVec>(ref r1, at, accumulate), c11 = Start<TOps, TVec>(ref r1, at + width, accumulate);
        TVec c20 = Start<TOps, TVec>(ref r2, at, accumulate), c21 = Start<TOps, TVec>(ref r2, at + width, accumulate);
        TVec c30 = Start<TOps, TVec>(ref r3, at, accumulate), c31 = Start<TOps, TVec>(ref r3, at + width, accumulate);
        ref float s = ref d;
        for (nint b = 0; b < examples; b++)
        {
            ref float x = ref Unsafe.Add(ref activations[b], at);
            TVec v0 = TOps.Load(ref x, 0), v1 = TOps.Load(ref x, width);
            TVec s0 = TOps.Broadcast(s);
            c00 = TOps.MultiplyAdd(v0, s0, c00);
            c01 = TOps.MultiplyAdd(v1, s0, c01);
            TVec s1 = TOps.Broadcast(Unsafe.Add(ref s, 1));
            c10 = TOps.MultiplyAdd(v0, s1, c10);
            c11 = TOps.MultiplyAdd(v1, s1, c11);
            TVec s2 = TOps.Broadcast(Unsafe.Add(ref s, 2));
            c20 = TOps.MultiplyAdd(v0, s2, c20);
            c21 = TOps.MultiplyAdd(v1, s2, c21);
            TVec s3 = TOps.Broadcast(Unsafe.Add(ref s, 3));
            c30 = TOps.MultiplyAdd(v0, s3, c30);
            c31 = TOps.MultiplyAdd(v1, s3, c31);
            s = ref Unsafe.Add(ref s, units);
        }

        TOps.Store(c00, ref r0, at);
        TOps.Store(c01, ref r0, at + width);
        TOps.Store(c10, ref r1, at);
        TOps.Store(c11, ref r1, at + width);
        TOps.Store(c20, ref r2, at);
        TOps.Store(c21, ref r2, at + width);
        TOps.Store(c30, ref r3, at);
        TOps.Store(c31, ref r3, at + width);
    }

    /// <summary>The running sum a block of Δ starts from: Δ itself, or zero when overwriting.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Start<TOps, TVec>(ref float row, nint at, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct => accumulate ? TOps.Load(ref row, at) : TOps.Zero;

    /// <summary>
    /// One vector of columns at <paramref name="at"/> for <paramref name="rows"/> (1 or 4) rows of
    /// Δ, every example added in order; <paramref name="masked"/> zeroes the activation lanes the
    /// body already covered.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddColumnVector<TOps, TVec>(ref float r0, nint stride, int rows, nint at, TVec mask, bool masked, PanelRows activations, ref float d, nint units, nint examples, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        ref float r1 = ref rows == 4 ? ref Unsafe.Add(ref r0, stride) : ref r0;
        ref float r2 = ref rows == 4 ? ref Unsafe.Add(ref r1, stride) : ref r0;
        ref float r3 = ref rows == 4 ? ref Unsafe.Add(ref r2, stride) : ref r0;
        // The masked tail overlaps columns the body has already written: those lanes always start
        // from Δ, only the new lanes start from zero when overwriting.
        bool keepBody = masked && !accumulate;
        TVec c0 = keepBody ? TOps.Select(mask, TOps.Zero, TOps.Load(ref r0, at)) : Start<TOps, TVec>(ref r0, at, accumulate);
        TVec c1 = rows != 4 ? TOps.Zero : keepBody ? TOps.Select(mask, TOps.Zero, TOps.Load(ref r1, at)) : Start<TOps, TVec>(ref r1, at, accumulate);
        TVec c2 = rows != 4 ? TOps.Zero : keepBody ? TOps.Select(mask, TOps.Zero, TOps.Load(ref r2, at)) : Start<TOps, TVec>(ref r2, at, accumulate);
        TVec c3 = rows != 4 ? TOps.Zero : keepBody ? TOps.Select(mask, TOps.Zero, TOps.Load(ref r3, at)) : Start<TOps, TVec>(ref r3, at, accumulate);
        for (nint b = 0; b < examples; b++)
        {
            TVec v = TOps.Load(ref activations[b], at);
            if (masked)
            {
                v = TOps.And(v, mask);
            }

            ref float s = ref Unsafe.Add(ref d, b * units);
            c0 = TOps.MultiplyAdd(v, TOps.Broadcast(s), c0);
            if (rows == 4)
            {
                c1 = TOps.MultiplyAdd(v, TOps.Broadcast(Unsafe.Add(ref s, 1)), c1);
                c2 = TOps.MultiplyAdd(v, TOps.Broadcast(Unsafe.Add(ref s, 2)), c2);
                c3 = TOps.MultiplyAdd(v, TOps.Broadcast(Unsafe.Add(ref s, 3)), c3);
            }
        }

        TOps.Store(c0, ref r0, at);
        if (rows == 4)
        {
            TOps.Store(c1, ref r1, at);
            TOps.Store(c2, ref r2, at);
            TOps.Store(c3, ref r3, at);
        }
    }
}
