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
    /// Column panels of eight vectors (then four, then one) stay in registers while every row
    /// streams past (BLIS "axpyf" turned around): each x[i] is broadcast once per panel and each
    /// destination vector is stored once. Eight vectors per row per step beat four by 4% at 25×401
    /// (in-process A/B: fewer broadcasts and loop turns for the same L2 traffic). The column tail is one full vector ending at the last column, computed from the
    /// original destination before the body runs and stored after it, so the lanes it shares with
    /// the last body vector end up holding a correct sum whatever the order of the two stores.
    /// Never inlined and fully optimized from the first call, so its code does not depend on the
    /// caller's profile: inlined by tier-1 PGO into <see cref="BackpropDelta(ReadOnlySpan{float}, int, ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float})"/>,
    /// BenchmarkDotNet measured that kernel at 25×401 in 672–732 ns against 365–400 ns in a loop
    /// in-process and 399 ns with <c>DOTNET_TieredPGO=0</c>; compiled on its own it runs 380 ns.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
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

        if (width > 1 && (long)rows * columns > RowStreamingThreshold && (typeof(TEpilogue) == typeof(NoEpilogue) || !Unsafe.AreSame(ref destination, ref epilogueInput)))
        {
            GemvTransposedRowStreaming<TOps, TVec, TEpilogue>(ref matrix, rows, columns, stride, ref x, ref destination, ref epilogueInput, accumulate);
            return;
        }

        bool hasTail = columns % width != 0;
        nint tailStart = columns - width;
        TVec tail = hasTail ? ColumnVector<TOps, TVec, TEpilogue>(ref matrix, rows, tailStart, stride, ref x, ref destination, ref epilogueInput, accumulate) : TOps.Zero;

        nint j = 0;
        for (; j + (8 * width) <= columns; j += 8 * width)
        {
            GemvTransposedPanel8<TOps, TVec, TEpilogue>(ref matrix, rows, j, stride, ref x, ref destination, ref epilogueInput, accumulate);
        }

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

    /// <summary>Columns [column, column + 8·width) of Wᵀx: eight accumulators, one broadcast of x[i] per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GemvTransposedPanel8<TOps, TVec, TEpilogue>(ref float matrix, nint rows, nint column, nint stride, ref float x, ref float destination, ref float epilogueInput, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TEpilogue : IColumnEpilogue
    {
        nint width = TOps.Count;
        ref float d = ref Unsafe.Add(ref destination, column);
        TVec a0 = accumulate ? TOps.Load(ref d, 0) : TOps.Zero;
        TVec a1 = accumulate ? TOps.Load(ref d, width) : TOps.Zero;
        TVec a2 = accumulate ? TOps.Load(ref d, 2 * width) : TOps.Zero;
        TVec a3 = accumulate ? TOps.Load(ref d, 3 * width) : TOps.Zero;
        TVec a4 = accumulate ? TOps.Load(ref d, 4 * width) : TOps.Zero;
        TVec a5 = accumulate ? TOps.Load(ref d, 5 * width) : TOps.Zero;
        TVec a6 = accumulate ? TOps.Load(ref d, 6 * width) : TOps.Zero;
        TVec a7 = accumulate ? TOps.Load(ref d, 7 * width) : TOps.Zero;
        ref float row = ref Unsafe.Add(ref matrix, column);
        for (nint i = 0; i < rows; i++)
        {
            TVec xi = TOps.Broadcast(Unsafe.Add(ref x, i));
            a0 = TOps.MultiplyAdd(TOps.Load(ref row, 0), xi, a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref row, width), xi, a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * width), xi, a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * width), xi, a3);
            a4 = TOps.MultiplyAdd(TOps.Load(ref row, 4 * width), xi, a4);
            a5 = TOps.MultiplyAdd(TOps.Load(ref row, 5 * width), xi, a5);
            a6 = TOps.MultiplyAdd(TOps.Load(ref row, 6 * width), xi, a6);
            a7 = TOps.MultiplyAdd(TOps.Load(ref row, 7 * width), xi, a7);
            row = ref Unsafe.Add(ref row, stride);
        }

        TOps.Store(TEpilogue.Apply<TOps, TVec>(a0, ref epilogueInput, column), ref d, 0);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a1, ref epilogueInput, column + width), ref d, width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a2, ref epilogueInput, column + (2 * width)), ref d, 2 * width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a3, ref epilogueInput, column + (3 * width)), ref d, 3 * width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a4, ref epilogueInput, column + (4 * width)), ref d, 4 * width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a5, ref epilogueInput, column + (5 * width)), ref d, 5 * width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a6, ref epilogueInput, column + (6 * width)), ref d, 6 * width);
        TOps.Store(TEpilogue.Apply<TOps, TVec>(a7, ref epilogueInput, column + (7 * width)), ref d, 7 * width);
    }

    /// <summary>
    /// Above this many matrix elements (512 KiB, beyond L2 on the machines measured) the column
    /// panels would walk the matrix one page-strided row piece at a time; rows are streamed instead.
    /// </summary>
    private const long RowStreamingThreshold = 128 * 1024;

    /// <summary>
    /// For matrices larger than the caches: four rows at a time are streamed contiguously and added
    /// into the destination (BLIS "axpyf"), which stays in L1. Each lane still sums the rows in order,
    /// one FMA per row, as the panel kernel does. The column tail is one more full vector ending at the
    /// last column, with the matrix lanes already done masked to zero so they add nothing; the
    /// epilogue then runs as one more pass, its tail computed before its body stores (so it cannot
    /// run in place over its own input: in-place calls keep the panel kernel).
    /// </summary>
    private static void GemvTransposedRowStreaming<TOps, TVec, TEpilogue>(ref float matrix, nint rows, nint columns, nint stride, ref float x, ref float destination, ref float epilogueInput, bool accumulate)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TEpilogue : IColumnEpilogue
    {
        nint width = TOps.Count;
        nint tailStart = columns - width;
        int tailCount = (int)(columns % width);
        nint bodyEnd = columns - tailCount;
        TVec mask = TOps.TailMask(tailCount);
        if (!accumulate)
        {
            for (nint j = 0; j <= tailStart; j += width)
            {
                TOps.Store(TOps.Zero, ref destination, j);
            }

            TOps.Store(TOps.Zero, ref destination, tailStart);
        }

        nint i = 0;
        for (; i + 4 <= rows; i += 4)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            TVec x0 = TOps.Broadcast(Unsafe.Add(ref x, i)), x1 = TOps.Broadcast(Unsafe.Add(ref x, i + 1));
            TVec x2 = TOps.Broadcast(Unsafe.Add(ref x, i + 2)), x3 = TOps.Broadcast(Unsafe.Add(ref x, i + 3));
            for (nint j = 0; j < bodyEnd; j += width)
            {
                TVec y = TOps.Load(ref destination, j);
                y = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, y);
                y = TOps.MultiplyAdd(TOps.Load(ref r1, j), x1, y);
                y = TOps.MultiplyAdd(TOps.Load(ref r2, j), x2, y);
                y = TOps.MultiplyAdd(TOps.Load(ref r3, j), x3, y);
                TOps.Store(y, ref destination, j);
            }

            if (tailCount != 0)
            {
                TVec y = TOps.Load(ref destination, tailStart);
                y = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r0, tailStart), mask), x0, y);
                y = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r1, tailStart), mask), x1, y);
                y = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r2, tailStart), mask), x2, y);
                y = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r3, tailStart), mask), x3, y);
                TOps.Store(y, ref destination, tailStart);
            }
        }

        for (; i < rows; i++)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            TVec x0 = TOps.Broadcast(Unsafe.Add(ref x, i));
            for (nint j = 0; j < bodyEnd; j += width)
            {
                TOps.Store(TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, TOps.Load(ref destination, j)), ref destination, j);
            }

            if (tailCount != 0)
            {
                TOps.Store(TOps.MultiplyAdd(TOps.And(TOps.Load(ref r0, tailStart), mask), x0, TOps.Load(ref destination, tailStart)), ref destination, tailStart);
            }
        }

        if (typeof(TEpilogue) != typeof(NoEpilogue))
        {
            TVec tail = TEpilogue.Apply<TOps, TVec>(TOps.Load(ref destination, tailStart), ref epilogueInput, tailStart);
            for (nint j = 0; j < bodyEnd; j += width)
            {
                TOps.Store(TEpilogue.Apply<TOps, TVec>(TOps.Load(ref destination, j), ref epilogueInput, j), ref destination, j);
            }

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
