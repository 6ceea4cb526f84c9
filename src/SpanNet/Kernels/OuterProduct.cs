using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Rank-1 update (BLAS "ger"): effectively computes matrix[i, j] += alpha·x[i]·y[j].</summary>
    /// <param name="alpha">The scale.</param>
    /// <param name="x">The column vector, one element per row.</param>
    /// <param name="y">The row vector, one element per column.</param>
    /// <param name="matrix">Row-major x.Length × y.Length matrix, updated in place; must not overlap the vectors.</param>
    public static void AddOuterProduct(float alpha, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> matrix) =>
        AddOuterProduct(SimdInfo.ActivePath, alpha, x, y, matrix, biasColumn: false);

    /// <summary>
    /// The gradient accumulation of backprop in the textbook layout: effectively computes
    /// matrix[i, 0] += alpha·delta[i] and matrix[i, j + 1] += alpha·delta[i]·activations[j],
    /// i.e. Δ(l) += alpha·δ(l+1)·[1; a(l)]ᵀ.
    /// </summary>
    /// <param name="alpha">The scale (1 for plain accumulation).</param>
    /// <param name="delta">δ(l+1), one element per row.</param>
    /// <param name="activations">a(l) without the bias unit.</param>
    /// <param name="matrix">Row-major delta.Length × (activations.Length + 1) accumulator, updated in place; must not overlap the vectors.</param>
    public static void AddOuterProductBiasColumn(float alpha, ReadOnlySpan<float> delta, ReadOnlySpan<float> activations, Span<float> matrix) =>
        AddOuterProduct(SimdInfo.ActivePath, alpha, delta, activations, matrix, biasColumn: true);

    internal static void AddOuterProduct(SimdPath path, float alpha, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> matrix, bool biasColumn)
    {
        int columns = y.Length + (biasColumn ? 1 : 0);
        Guard.MatrixShape(matrix.Length, x.Length, columns, nameof(matrix), biasColumn ? "delta.Length" : "x.Length", biasColumn ? "activations.Length + 1" : "y.Length");
        Guard.NoOverlap(x, matrix, biasColumn ? "delta" : nameof(x), nameof(matrix));
        Guard.NoOverlap(y, matrix, biasColumn ? "activations" : nameof(y), nameof(matrix));
        Guard.Path(path);
        AddOuterProductUnchecked(
            path, alpha, ref MemoryMarshal.GetReference(x), x.Length, ref MemoryMarshal.GetReference(y), y.Length, ref MemoryMarshal.GetReference(matrix), biasColumn);
    }

    /// <summary>
    /// Dispatches on <paramref name="path"/>. A matrix without bias column is one contiguous array and
    /// takes the flat kernel, which the AVX-512 tier runs with 256-bit vectors, as <see cref="GemvUnchecked"/>
    /// does: a 512-bit access to a 401-float row splits a cache line almost every time. Measured on Zen 4
    /// (BenchmarkDotNet, 25×401): stand-alone prototypes flat 256-bit 521–545 ns, flat 512-bit
    /// 567–584 ns, the two-row kernel 629–671 ns (512- or 256-bit), the per-row aligned axpy 661–665 ns;
    /// this kernel 559–590 ns against the plain Vector512 loop's 808–1,024 ns in the same runs. Rows of
    /// at most <see cref="FlatMinColumns"/> keep the two-row kernel, whose fixed costs are lower.
    /// </summary>
    internal static void AddOuterProductUnchecked(SimdPath path, float alpha, ref float x, nint rows, ref float y, nint length, ref float matrix, bool biasColumn)
    {
        if (!biasColumn && rows > 0)
        {
            switch (path)
            {
                case SimdPath.Vector512 or SimdPath.Vector256 when length > FlatMinColumns:
                    FlatOuterProductKernel<Vector256Ops, Vector256<float>>(alpha, ref x, rows, ref y, length, ref matrix);
                    return;
                case SimdPath.Vector128 when length > FlatMinColumns:
                    FlatOuterProductKernel<Vector128Ops, Vector128<float>>(alpha, ref x, rows, ref y, length, ref matrix);
                    return;
            }
        }

        switch (path)
        {
            case SimdPath.Vector512:
                OuterProductKernel<Vector512Ops, Vector512<float>>(alpha, ref x, rows, ref y, length, ref matrix, biasColumn);
                break;
            case SimdPath.Vector256:
                OuterProductKernel<Vector256Ops, Vector256<float>>(alpha, ref x, rows, ref y, length, ref matrix, biasColumn);
                break;
            case SimdPath.Vector128:
                OuterProductKernel<Vector128Ops, Vector128<float>>(alpha, ref x, rows, ref y, length, ref matrix, biasColumn);
                break;
            default:
                OuterProductKernel<ScalarOps, float>(alpha, ref x, rows, ref y, length, ref matrix, biasColumn);
                break;
        }
    }

    /// <summary>
    /// Rows longer than this take the flat kernel. In-process on Zen 4 (1000 calls, flat vs two-row):
    /// 10×26 28 vs 22 ns, 16×64 62 vs 49 ns, 40×41 109 vs 108 ns, 10×101 54 vs 61 ns, 25×401 0.55 vs 0.65 µs.
    /// </summary>
    private const int FlatMinColumns = 64;

    /// <summary>
    /// The rows × length matrix (rows ≥ 1, length ≥ the vector width) as one flat array, in vectors
    /// aligned to their width, so apart from the first and last vector no store and no matrix load
    /// splits a cache line (the y loads may). A vector inside a row takes y from the row's column
    /// and the row's scale; a vector across the boundary of rows i and i + 1 takes its first r lanes
    /// from row i and the rest from row i + 1: y from a stack copy of [y's last w elements, y's first
    /// w] read at w − r, the scale selected per lane. The matrix's unaligned first and last vectors are full vectors of the first and last
    /// row, computed from the original values before the body and stored after it (the lanes they
    /// share with the body get the same multiply-add of the same operands). Every element gets
    /// exactly one multiply-add (fused where the hardware has FMA), matrix[i, j] + y[j]·(α·x[i]).
    /// </summary>
    [SkipLocalsInit] // the stack copy of y is written before it is read
    private static unsafe void FlatOuterProductKernel<TOps, TVec>(float alpha, ref float x, nint rows, ref float y, nint length, ref float matrix)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint total = rows * length;
        Span<float> wrap = stackalloc float[2 * Vector512<float>.Count];
        ref float wrapped = ref MemoryMarshal.GetReference(wrap);
        TOps.Store(TOps.Load(ref y, length - width), ref wrapped, 0);
        TOps.Store(TOps.Load(ref y, 0), ref wrapped, width);

        TVec scale = TOps.Broadcast(alpha * x);
        TVec head = TOps.MultiplyAdd(TOps.Load(ref y, 0), scale, TOps.Load(ref matrix, 0));
        TVec tail = TOps.MultiplyAdd(TOps.Load(ref y, length - width), TOps.Broadcast(alpha * Unsafe.Add(ref x, rows - 1)), TOps.Load(ref matrix, total - width));

        nint k = (nint)((nuint)(-(nint)Unsafe.AsPointer(ref matrix)) % (nuint)(width * sizeof(float))) / sizeof(float);
        nint rowStart = 0, rowEnd = length, row = 0;
        while (k + width <= total)
        {
            // y[j] for the matrix element at flat index k of this row is y[k − rowStart].
            nint last = rowEnd - width;
            for (; k + (3 * width) <= last; k += 4 * width)
            {
                nint j = k - rowStart;
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref y, j), scale, TOps.Load(ref matrix, k)), ref matrix, k);
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref y, j + width), scale, TOps.Load(ref matrix, k + width)), ref matrix, k + width);
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref y, j + (2 * width)), scale, TOps.Load(ref matrix, k + (2 * width))), ref matrix, k + (2 * width));
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref y, j + (3 * width)), scale, TOps.Load(ref matrix, k + (3 * width))), ref matrix, k + (3 * width));
            }

            for (; k <= last; k += width)
            {
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref y, k - rowStart), scale, TOps.Load(ref matrix, k)), ref matrix, k);
            }

            if (k + width > total)
            {
                break;
            }

            // The vector across the boundary: r lanes of this row (0 when the row ended on a vector boundary), then the next.
            int r = (int)(rowEnd - k);
            row++;
            TVec next = TOps.Broadcast(alpha * Unsafe.Add(ref x, row));
            TVec yAcross = TOps.Load(ref wrapped, width - r);
            TVec scaleAcross = TOps.Select(TOps.TailMask((int)width - r), next, scale);
            TOps.Store(TOps.MultiplyAdd(yAcross, scaleAcross, TOps.Load(ref matrix, k)), ref matrix, k);
            k += width;
            rowStart = rowEnd;
            rowEnd += length;
            scale = next;
        }

        TOps.Store(head, ref matrix, 0);
        TOps.Store(tail, ref matrix, total - width);
    }

    /// <summary>Rows longer than this are updated one aligned axpy at a time.</summary>
    private const int TwoRowPassMaxColumns = 512;

    /// <summary>
    /// The textbook layout with its bias column (rows one element longer than y), the scalar tier,
    /// and rows of at most <see cref="FlatMinColumns"/> floats. Two rows per pass share each load of y (1.5 loads per FMA
    /// instead of 2); a leftover row takes the aligned axpy. Tails are full vectors ending at the
    /// last column, computed from the original rows before the body and stored after it.
    /// </summary>
    private static void OuterProductKernel<TOps, TVec>(float alpha, ref float x, nint rows, ref float y, nint length, ref float matrix, bool biasColumn)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint stride = length + (biasColumn ? 1 : 0);
        nint width = TOps.Count;
        nint i = 0;
        // Two rows per pass pays while the rows are short; long rows run one aligned axpy each.
        // One short run: 25×401 621 vs 743 ns, 512×512 17.7 vs 19.4 µs, but 128×785 6.95 vs
        // 6.65 µs and 1024×1024 74.9 vs 69.2 µs (TensorPrimitives 736 ns, 19.1, 6.71, 71.0 µs).
        if (width > 1 && length >= width && length <= TwoRowPassMaxColumns)
        {
            bool hasTail = length % width != 0;
            nint tailStart = length - width;
            nint bodyEnd = length - (length % width);
            for (; i + 2 <= rows; i += 2)
            {
                float scale0 = alpha * Unsafe.Add(ref x, i), scale1 = alpha * Unsafe.Add(ref x, i + 1);
                ref float row0 = ref Unsafe.Add(ref matrix, i * stride);
                ref float row1 = ref Unsafe.Add(ref row0, stride);
                if (biasColumn)
                {
                    row0 += scale0;
                    row1 += scale1;
                    row0 = ref Unsafe.Add(ref row0, 1);
                    row1 = ref Unsafe.Add(ref row1, 1);
                }

                TVec s0 = TOps.Broadcast(scale0), s1 = TOps.Broadcast(scale1);
                TVec tail0 = TOps.Zero, tail1 = TOps.Zero;
                if (hasTail)
                {
                    TVec yt = TOps.Load(ref y, tailStart);
                    tail0 = TOps.MultiplyAdd(yt, s0, TOps.Load(ref row0, tailStart));
                    tail1 = TOps.MultiplyAdd(yt, s1, TOps.Load(ref row1, tailStart));
                }

                nint j = 0;
                for (; j + (2 * width) <= bodyEnd; j += 2 * width)
                {
                    TVec y0 = TOps.Load(ref y, j), y1 = TOps.Load(ref y, j + width);
                    TVec a0 = TOps.MultiplyAdd(y0, s0, TOps.Load(ref row0, j));
                    TVec a1 = TOps.MultiplyAdd(y1, s0, TOps.Load(ref row0, j + width));
                    TVec b0 = TOps.MultiplyAdd(y0, s1, TOps.Load(ref row1, j));
                    TVec b1 = TOps.MultiplyAdd(y1, s1, TOps.Load(ref row1, j + width));
                    TOps.Store(a0, ref row0, j);
                    TOps.Store(a1, ref row0, j + width);
                    TOps.Store(b0, ref row1, j);
                    TOps.Store(b1, ref row1, j + width);
                }

                for (; j < bodyEnd; j += width)
                {
                    TVec y0 = TOps.Load(ref y, j);
                    TOps.Store(TOps.MultiplyAdd(y0, s0, TOps.Load(ref row0, j)), ref row0, j);
                    TOps.Store(TOps.MultiplyAdd(y0, s1, TOps.Load(ref row1, j)), ref row1, j);
                }

                if (hasTail)
                {
                    TOps.Store(tail0, ref row0, tailStart);
                    TOps.Store(tail1, ref row1, tailStart);
                }
            }
        }

        for (; i < rows; i++)
        {
            float scale = alpha * Unsafe.Add(ref x, i);
            ref float row = ref Unsafe.Add(ref matrix, i * stride);
            if (biasColumn)
            {
                row += scale;
                row = ref Unsafe.Add(ref row, 1);
            }

            AxpyKernel<TOps, TVec>(scale, ref y, ref row, length);
        }
    }
}
