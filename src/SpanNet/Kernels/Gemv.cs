using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>Rows per register block of the gemv kernel: row blocks taken separately in any order give the kernel's bits.</summary>
    internal const int GemvRowBlock = 8;

    /// <summary>What a row's dot product is added to.</summary>
    internal enum GemvStart
    {
        /// <summary>destination[i] = row·x.</summary>
        Zero,

        /// <summary>destination[i] += row·x.</summary>
        Destination,

        /// <summary>destination[i] = W[i, 0] + W[i, 1..]·x (the textbook Θ layout; the row pointer starts at column 1).</summary>
        BiasColumn,
    }

    /// <summary>Matrix-vector product: effectively computes destination[i] = Σ_j matrix[i, j]·x[j].</summary>
    /// <param name="matrix">Row-major rows × columns matrix.</param>
    /// <param name="rows">Number of rows (and of results).</param>
    /// <param name="columns">Number of columns; <paramref name="x"/> must have this length.</param>
    /// <param name="x">The vector.</param>
    /// <param name="destination">Receives the first <paramref name="rows"/> results; must not overlap the inputs.</param>
    public static void Gemv(ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination) =>
        Gemv(SimdInfo.ActivePath, matrix, rows, columns, x, destination, GemvStart.Zero);

    /// <summary>Accumulating matrix-vector product: effectively computes destination[i] += Σ_j matrix[i, j]·x[j].</summary>
    /// <param name="matrix">Row-major rows × columns matrix.</param>
    /// <param name="rows">Number of rows (and of results).</param>
    /// <param name="columns">Number of columns; <paramref name="x"/> must have this length.</param>
    /// <param name="x">The vector.</param>
    /// <param name="destination">Its first <paramref name="rows"/> elements are added to; must not overlap the inputs.</param>
    public static void GemvAdd(ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination) =>
        Gemv(SimdInfo.ActivePath, matrix, rows, columns, x, destination, GemvStart.Destination);

    /// <summary>
    /// The forward step of a layer in the textbook layout: effectively computes
    /// destination[i] = theta[i, 0] + Σ_j theta[i, j + 1]·x[j], i.e. Θ·[1; x].
    /// </summary>
    /// <param name="theta">Row-major rows × (x.Length + 1) matrix whose column 0 multiplies the bias unit.</param>
    /// <param name="rows">Number of rows (units of the next layer).</param>
    /// <param name="x">The activations of the previous layer, without the bias unit.</param>
    /// <param name="destination">Receives the first <paramref name="rows"/> results; must not overlap the inputs.</param>
    public static void GemvBiasColumn(ReadOnlySpan<float> theta, int rows, ReadOnlySpan<float> x, Span<float> destination) =>
        Gemv(SimdInfo.ActivePath, theta, rows, x.Length + 1, x, destination, GemvStart.BiasColumn);

    /// <summary>Validating entry with an explicit path, so tests and benchmarks can run every tier.</summary>
    internal static void Gemv(SimdPath path, ReadOnlySpan<float> matrix, int rows, int columns, ReadOnlySpan<float> x, Span<float> destination, GemvStart start)
    {
        string matrixName = start == GemvStart.BiasColumn ? "theta" : nameof(matrix);
        Guard.MatrixShape(matrix.Length, rows, columns, matrixName);
        int xLength = start == GemvStart.BiasColumn ? columns - 1 : columns;
        Guard.ExactLength(x.Length, xLength, nameof(x), start == GemvStart.BiasColumn ? "the matrix's columns minus the bias column" : "the matrix's columns");
        Guard.DestinationLength(destination.Length, rows);
        Guard.NoOverlap(matrix, destination, matrixName);
        Guard.NoOverlap(x, destination, nameof(x));
        Guard.Path(path);

        if (rows == 0)
        {
            return;
        }

        ref float m = ref MemoryMarshal.GetReference(matrix);
        if (start == GemvStart.BiasColumn)
        {
            m = ref Unsafe.Add(ref m, 1);
        }

        GemvUnchecked(path, ref m, rows, xLength, columns, ref MemoryMarshal.GetReference(x), ref MemoryMarshal.GetReference(destination), start);
    }

    /// <summary>
    /// Dispatches on <paramref name="path"/>; rows start <paramref name="stride"/> floats apart.
    /// The AVX-512 tier runs the 256-bit kernel: a matrix-vector product streams its matrix from
    /// L2 once, so it is bound by the cache, not the FMAs, and a 512-bit load of an unaligned row
    /// splits a cache line every time (a 256-bit one half the time). Measured on Zen 4 (in-process,
    /// best of 40): 25×401 424 → 384 ns, 128×785 4034 → 3790 ns against the 512-bit kernel.
    /// </summary>
    internal static void GemvUnchecked(SimdPath path, ref float matrix, nint rows, nint columns, nint stride, ref float x, ref float destination, GemvStart start, bool backward = false)
    {
        switch (path)
        {
            case SimdPath.Vector512:
            case SimdPath.Vector256:
                GemvKernel<Vector256Ops, Vector256<float>>(ref matrix, rows, columns, stride, ref x, ref destination, start, backward);
                break;
            case SimdPath.Vector128:
                GemvKernel<Vector128Ops, Vector128<float>>(ref matrix, rows, columns, stride, ref x, ref destination, start, backward);
                break;
            default:
                GemvKernel<ScalarOps, float>(ref matrix, rows, columns, stride, ref x, ref destination, start, backward);
                break;
        }
    }

    /// <summary>
    /// Eight rows at a time share each load of x (BLIS "dotxf"), eight independent FMA chains; the
    /// leftover rows four at a time with two vectors per row, then one by one. The column tail is
    /// one more full vector ending at the last column, with the lanes already summed masked off in
    /// both operands (never 0·garbage).
    /// </summary>
    private static void GemvKernel<TOps, TVec>(ref float matrix, nint rows, nint columns, nint stride, ref float x, ref float destination, GemvStart start, bool backward)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        if (columns < width && width > 1)
        {
            GemvKernel<ScalarOps, float>(ref matrix, rows, columns, stride, ref x, ref destination, start, backward);
            return;
        }

        nint tailStart = columns - width;
        int tailCount = (int)(columns % width);
        nint bodyEnd = columns - tailCount;
        TVec tailMask = TOps.TailMask(tailCount);
        TVec xTail = tailCount != 0 ? TOps.And(TOps.Load(ref x, tailStart), tailMask) : TOps.Zero;

        nint blocks = rows - (rows % GemvRowBlock);
        if (backward)
        {
            // The leftover rows first, then the 8-row blocks from the last: the same blocks as forward.
            GemvLeftoverRows<TOps, TVec>(ref matrix, blocks, rows, stride, bodyEnd, tailStart, tailCount, tailMask, xTail, ref x, ref destination, start);
            for (nint i = blocks - GemvRowBlock; i >= 0; i -= GemvRowBlock)
            {
                GemvRows8<TOps, TVec>(ref Unsafe.Add(ref matrix, i * stride), stride, bodyEnd, tailStart, tailCount, tailMask, xTail, ref x, ref Unsafe.Add(ref destination, i), start);
            }

            return;
        }

        for (nint i = 0; i < blocks; i += GemvRowBlock)
        {
            GemvRows8<TOps, TVec>(ref Unsafe.Add(ref matrix, i * stride), stride, bodyEnd, tailStart, tailCount, tailMask, xTail, ref x, ref Unsafe.Add(ref destination, i), start);
        }

        GemvLeftoverRows<TOps, TVec>(ref matrix, blocks, rows, stride, bodyEnd, tailStart, tailCount, tailMask, xTail, ref x, ref destination, start);
    }

    /// <summary>Rows r0 … r7 (<paramref name="stride"/> apart) against x: one accumulator per row, each x vector loaded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GemvRows8<TOps, TVec>(ref float r0, nint stride, nint bodyEnd, nint tailStart, int tailCount, TVec tailMask, TVec xTail, ref float x, ref float destination, GemvStart start)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        ref float r1 = ref Unsafe.Add(ref r0, stride);
        ref float r2 = ref Unsafe.Add(ref r1, stride);
        ref float r3 = ref Unsafe.Add(ref r2, stride);
        ref float r4 = ref Unsafe.Add(ref r3, stride);
        ref float r5 = ref Unsafe.Add(ref r4, stride);
        ref float r6 = ref Unsafe.Add(ref r5, stride);
        ref float r7 = ref Unsafe.Add(ref r6, stride);
        TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
        TVec a4 = TOps.Zero, a5 = TOps.Zero, a6 = TOps.Zero, a7 = TOps.Zero;
        for (nint j = 0; j < bodyEnd; j += width)
        {
            TVec x0 = TOps.Load(ref x, j);
            a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, a0);
            a1 = TOps.MultiplyAdd(TOps.Load(ref r1, j), x0, a1);
            a2 = TOps.MultiplyAdd(TOps.Load(ref r2, j), x0, a2);
            a3 = TOps.MultiplyAdd(TOps.Load(ref r3, j), x0, a3);
            a4 = TOps.MultiplyAdd(TOps.Load(ref r4, j), x0, a4);
            a5 = TOps.MultiplyAdd(TOps.Load(ref r5, j), x0, a5);
            a6 = TOps.MultiplyAdd(TOps.Load(ref r6, j), x0, a6);
            a7 = TOps.MultiplyAdd(TOps.Load(ref r7, j), x0, a7);
        }

        if (tailCount != 0)
        {
            a0 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r0, tailStart), tailMask), xTail, a0);
            a1 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r1, tailStart), tailMask), xTail, a1);
            a2 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r2, tailStart), tailMask), xTail, a2);
            a3 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r3, tailStart), tailMask), xTail, a3);
            a4 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r4, tailStart), tailMask), xTail, a4);
            a5 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r5, tailStart), tailMask), xTail, a5);
            a6 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r6, tailStart), tailMask), xTail, a6);
            a7 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r7, tailStart), tailMask), xTail, a7);
        }

        StoreRowResults(ref r0, ref r1, ref r2, ref r3, ref destination, TOps.Sum4(a0, a1, a2, a3), start);
        StoreRowResults(ref r4, ref r5, ref r6, ref r7, ref Unsafe.Add(ref destination, 4), TOps.Sum4(a4, a5, a6, a7), start);
    }

    /// <summary>Rows [first, rows): four at a time with two vectors per row, then one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GemvLeftoverRows<TOps, TVec>(ref float matrix, nint first, nint rows, nint stride, nint bodyEnd, nint tailStart, int tailCount, TVec tailMask, TVec xTail, ref float x, ref float destination, GemvStart start)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        nint i = first;
        for (; i + 4 <= rows; i += 4)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            TVec a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            TVec b0 = TOps.Zero, b1 = TOps.Zero, b2 = TOps.Zero, b3 = TOps.Zero;
            nint j = 0;
            for (; j + (2 * width) <= bodyEnd; j += 2 * width)
            {
                TVec x0 = TOps.Load(ref x, j);
                TVec x1 = TOps.Load(ref x, j + width);
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref r1, j), x0, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref r2, j), x0, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref r3, j), x0, a3);
                b0 = TOps.MultiplyAdd(TOps.Load(ref r0, j + width), x1, b0);
                b1 = TOps.MultiplyAdd(TOps.Load(ref r1, j + width), x1, b1);
                b2 = TOps.MultiplyAdd(TOps.Load(ref r2, j + width), x1, b2);
                b3 = TOps.MultiplyAdd(TOps.Load(ref r3, j + width), x1, b3);
            }

            if (j < bodyEnd)
            {
                TVec x0 = TOps.Load(ref x, j);
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), x0, a0);
                a1 = TOps.MultiplyAdd(TOps.Load(ref r1, j), x0, a1);
                a2 = TOps.MultiplyAdd(TOps.Load(ref r2, j), x0, a2);
                a3 = TOps.MultiplyAdd(TOps.Load(ref r3, j), x0, a3);
            }

            if (tailCount != 0)
            {
                b0 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r0, tailStart), tailMask), xTail, b0);
                b1 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r1, tailStart), tailMask), xTail, b1);
                b2 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r2, tailStart), tailMask), xTail, b2);
                b3 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r3, tailStart), tailMask), xTail, b3);
            }

            StoreRowResults(ref r0, ref r1, ref r2, ref r3, ref Unsafe.Add(ref destination, i), TOps.Sum4(TOps.Add(a0, b0), TOps.Add(a1, b1), TOps.Add(a2, b2), TOps.Add(a3, b3)), start);
        }

        for (; i < rows; i++)
        {
            ref float r0 = ref Unsafe.Add(ref matrix, i * stride);
            TVec a0 = TOps.Zero, b0 = TOps.Zero;
            nint j = 0;
            for (; j + (2 * width) <= bodyEnd; j += 2 * width)
            {
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), TOps.Load(ref x, j), a0);
                b0 = TOps.MultiplyAdd(TOps.Load(ref r0, j + width), TOps.Load(ref x, j + width), b0);
            }

            if (j < bodyEnd)
            {
                a0 = TOps.MultiplyAdd(TOps.Load(ref r0, j), TOps.Load(ref x, j), a0);
            }

            if (tailCount != 0)
            {
                b0 = TOps.MultiplyAdd(TOps.And(TOps.Load(ref r0, tailStart), tailMask), xTail, b0);
            }

            StoreRowResult(ref r0, ref Unsafe.Add(ref destination, i), TOps.Sum(TOps.Add(a0, b0)), start);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowResults(ref float row0, ref float row1, ref float row2, ref float row3, ref float destination, Vector128<float> dots, GemvStart start)
    {
        Vector128<float> result = start switch
        {
            GemvStart.Destination => Vector128.LoadUnsafe(ref destination) + dots,
            GemvStart.BiasColumn => Vector128.Create(Unsafe.Add(ref row0, -1), Unsafe.Add(ref row1, -1), Unsafe.Add(ref row2, -1), Unsafe.Add(ref row3, -1)) + dots,
            _ => dots,
        };
        result.StoreUnsafe(ref destination);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRowResult(ref float row, ref float destination, float dot, GemvStart start) =>
        destination = start switch
        {
            GemvStart.Destination => destination + dot,
            GemvStart.BiasColumn => Unsafe.Add(ref row, -1) + dot,
            _ => dot,
        };
}
