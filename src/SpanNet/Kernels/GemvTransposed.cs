using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Transposed product without forming the transpose: effectively computes destination[j] = Σ_i matrix[i, j]·x[i].</summary>
    /// <param name="matrix">Row-major rows × columns matrix.</param>
    /// <param name="rows">Number of rows; <paramref name="x"/> must have this length.</param>
    /// <param name="columns">Number of columns (and of results).</param>
    /// <param name="x">The vector.</param>
    /// <param name="destination">Receives the first <paramref name="columns"/> results; must not overlap the inputs.</param>
    public static void GemvTransposed(ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination) =>
        GemvTransposed(SimdInfo.ActivePath, matrix, rows, columns, x, destination, accumulate: false);

    /// <summary>Accumulating transposed product: effectively computes destination[j] += Σ_i matrix[i, j]·x[i].</summary>
    /// <param name="matrix">Row-major rows × columns matrix.</param>
    /// <param name="rows">Number of rows; <paramref name="x"/> must have this length.</param>
    /// <param name="columns">Number of columns (and of results).</param>
    /// <param name="x">The vector.</param>
    /// <param name="destination">Its first <paramref name="columns"/> elements are added to; must not overlap the inputs.</param>
    public static void GemvTransposedAdd(ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination) =>
        GemvTransposed(SimdInfo.ActivePath, matrix, rows, columns, x, destination, accumulate: true);

    internal static void GemvTransposed(SimdPath path, ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination, bool accumulate)
    {
        Guard.MatrixShape(matrix.Length, rows, columns, nameof(matrix));
        Guard.ExactLength(x.Length, rows, nameof(x), "the matrix's rows");
        Guard.DestinationLength(destination.Length, columns);
        Guard.NoOverlap(matrix, destination, nameof(matrix));
        Guard.NoOverlap(x, destination, nameof(x));
        Guard.Path(path);

        ref float unused = ref MemoryMarshal.GetReference(destination);
        GemvTransposedUnchecked<NoEpilogue>(
            path, ref MemoryMarshal.GetReference(matrix), rows, columns, columns, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), ref unused, accumulate);
    }

    internal static void GemvTransposedUnchecked<TEpilogue>(SimdPath path, ref float matrix, nint rows, nint columns, nint stride, ref float x, ref float destination, ref float epilogueInput, bool accumulate)
        where TEpilogue : IColumnEpilogue
    {
        switch (path)
        {
            case SimdPath.Vector512:
                GemvTransposedKernel<Vector512Ops, Vector512<float>, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
                break;
            case SimdPath.Vector256:
                GemvTransposedKernel<Vector256Ops, Vector256<float>, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
                break;
            case SimdPath.Vector128:
                GemvTransposedKernel<Vector128Ops, Vector128<float>, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
                break;
            default:
                GemvTransposedKernel<ScalarOps, float, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
                break;
        }
    }

    /// <summary>
    /// Column panels of four vectors stay in registers while every row streams past (BLIS "axpyf"
    /// turned around): each x[i] is broadcast once per panel and each destination vector is stored
    /// once. The column tail is one full vector ending at the last column, computed from the
    /// original destination before the body runs and stored after it, so the lanes it shares with
    /// the last body vector end up holding a correct sum whatever the order of the two stores.
    /// </summary>
    private static void GemvTransposedKernel<TOps, TVec, TEpilogue>(ref float matrix, nint rows, nint columns, nint stride, ref float x, ref float destination, ref float epilogueInput, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TEpilogue : IColumnEpilogue
    {
        nint width = TOps.Count;
        if (columns < width && width > 1)
        {
            GemvTransposedKernel<ScalarOps, float, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
            return;
        }

        bool hasTail = columns % width != 0;
        nint tailStart = columns - width;
        TVec tail = hasTail ? ColumnVector<TOps, TVec, TEpilogue>(ref matrix, rows, tailStart, stride, ref x, ref destination, ref epilogueInput, accumulate) : TOps.Zero;

        nint j = 0;
        for (; j + (4 * width) <= columns; j += 4 * width)
        {
            TVec a0 = accumulate ? TOps.Load(ref destination, j) : TOps.Zero;
            TVec a1 = accumulate ? TOps.Load(ref destination, j + width) : TOps.Zero;
            TVec a2 = accumulate ? TOps.Load(ref destination, j + (2 * width)) : TOps.Zero;
            TVec a3 = accumulate ? TOps.Load(ref destination, j + (3 * width)) : TOps.Zero;
            ref float row = ref Unsafe.Add(ref matrix, j);
            for (nint i = 0; i < rows; i++)
            {
                TVec xi = TOps.Broadcast(Unsafe.Add(ref x, i));
                a0 = TOps.MultiplyAdd(TOps.Load(ref row, 0), xi, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref row, width), xi, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * width), xi, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * width), xi, a3);
                row = ref Unsafe.Add(ref row, stride);
            }

            TOps.Store(TEpilogue.Apply<TOps, TVec>(a0, ref epilogueInput, j), ref destination, j);
            TOps.Store(TEpilogue.Apply<TOps, TVec>(a1, ref epilogueInput, j + width), ref destination, j + width);
            TOps.Store(TEpilogue.Apply<TOps, TVec>(a2, ref epilogueInput, j + (2 * width)), ref destination, j + (2 * width));
            TOps.Store(TEpilogue.Apply<TOps, TVec>(a3, ref epilogueInput, j + (3 * width)), ref destination, j + (3 * width));
        }

        for (; j + width <= columns; j += width)
        {
            TOps.Store(ColumnVector<TOps, TVec, TEpilogue>(ref matrix, rows, j, stride, ref x, ref destination, ref epilogueInput, accumulate), ref destination, j);
        }

        if (hasTail)
        {
            TOps.Store(tail, ref destination, tailStart);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec ColumnVector<TOps, TVec, TEpilogue>(ref float matrix, nint rows, nint column, nint stride, ref float x, ref float destination, ref float epilogueInput, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TEpilogue : IColumnEpilogue
    {
        TVec a0 = accumulate ? TOps.Load(ref destination, column) : TOps.Zero;
        TVec a1 = TOps.Zero;
        ref float row = ref Unsafe.Add(ref matrix, column);
        nint i = 0;
        for (; i + 2 <= rows; i += 2)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref row, 0), TOps.Broadcast(Unsafe.Add(ref x, i)), a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref row, stride), TOps.Broadcast(Unsafe.Add(ref x, i + 1)), a1);
            row = ref Unsafe.Add(ref row, 2 * stride);
        }

        if (i < rows)
        {
            a0 = TOps.MultiplyAdd(TOps.Load(ref row, 0), TOps.Broadcast(Unsafe.Add(ref x, i)), a0);
        }

        return TEpilogue.Apply<TOps, TVec>(TOps.Add(a0, a1), ref epilogueInput, column);
    }
}
