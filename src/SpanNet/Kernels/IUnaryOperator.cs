using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

/// <summary>An element-wise operation, written once over the tier primitives.</summary>
internal interface IUnaryOperator
{
    TVec Invoke<TOps, TVec>(TVec x)
        where TOps : IVectorOps<TVec>
        where TVec : struct;
}

public static partial class SimdKernels
{
    /// <summary>Runs an element-wise operator on the given tier.</summary>
    private static void UnaryUnchecked<TOp>(SimdPath path, ref float x, ref float destination, nint length, TOp op)
        where TOp : struct, IUnaryOperator
    {
        switch (path)
        {
            case SimdPath.Vector512:
                UnaryKernel<Vector512Ops, Vector512<float>, TOp>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector256:
                UnaryKernel<Vector256Ops, Vector256<float>, TOp>(ref x, ref destination, length, op);
                break;
            case SimdPath.Vector128:
                UnaryKernel<Vector128Ops, Vector128<float>, TOp>(ref x, ref destination, length, op);
                break;
            default:
                UnaryKernel<ScalarOps, float, TOp>(ref x, ref destination, length, op);
                break;
        }
    }

    /// <summary>
    /// destination[i] = op(x[i]). The tail is one full vector ending at the last element, loaded
    /// before the body runs and stored after it, so in-place use never feeds a result back in.
    /// Lengths shorter than a vector take the scalar tier. Never inlined and fully optimized from
    /// the first call, so its code does not depend on the caller: inlined into the tier switch, the
    /// JIT re-broadcast the sigmoid's sixteen constants from memory for every vector, and
    /// BenchmarkDotNet saw the sigmoid drop from 0.4 to 2 ns per element in mid-run when tier 1
    /// inlined the loop into its callers. Here the constants are loaded once per four vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void UnaryKernel<TOps, TVec, TOp>(ref float x, ref float destination, nint length, TOp op)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TOp : struct, IUnaryOperator
    {
        nint width = TOps.Count;
        if (length < width && width > 1)
        {
            UnaryKernel<ScalarOps, float, TOp>(ref x, ref destination, length, op);
            return;
        }

        if (width > 1 && StoresAliasLaterLoads(ref x, ref destination, width))
        {
            UnaryKernelBackward<TOps, TVec, TOp>(ref x, ref destination, length, op);
            return;
        }

        bool hasTail = length % width != 0;
        nint tailStart = length - width;
        TVec tail = hasTail ? op.Invoke<TOps, TVec>(TOps.Load(ref x, tailStart)) : TOps.Zero;

        nint i = 0;
        for (; i + (4 * width) <= length; i += 4 * width)
        {
            FourVectors<TOps, TVec, TOp>(ref x, ref destination, i, op);
        }

        for (; i + width <= length; i += width)
        {
            TOps.Store(op.Invoke<TOps, TVec>(TOps.Load(ref x, i)), ref destination, i);
        }

        if (hasTail)
        {
            TOps.Store(tail, ref destination, tailStart);
        }
    }

    /// <summary>
    /// Whether the destination lies a little past the input modulo 4 KiB (and is not the input
    /// itself). The CPU matches a load against earlier stores by the low 12 address bits, so walking
    /// forward, each group of loads would wait on the stores just issued to the same page offset
    /// (4K aliasing: two arrays allocated one after the other land exactly there; measured at
    /// n = 4096, 0.375 against 0.33 ns per element). Walking backward, a load's page-offset twin
    /// is a store about a page ahead, long retired.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool StoresAliasLaterLoads(ref float x, ref float destination, nint width)
    {
        nint distance = Unsafe.ByteOffset(ref x, ref destination) & 4095;
        return distance != 0 && distance < 8 * width * sizeof(float);
    }

    /// <summary>
    /// <see cref="UnaryKernel"/> from the last element down, for the case above. Only taken out of
    /// place (the two spans do not overlap), so the order of loads and stores cannot change a value.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void UnaryKernelBackward<TOps, TVec, TOp>(ref float x, ref float destination, nint length, TOp op)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TOp : struct, IUnaryOperator
    {
        nint width = TOps.Count;
        nint i = length;
        for (; i >= 4 * width; i -= 4 * width)
        {
            FourVectors<TOps, TVec, TOp>(ref x, ref destination, i - (4 * width), op);
        }

        for (; i >= width; i -= width)
        {
            TOps.Store(op.Invoke<TOps, TVec>(TOps.Load(ref x, i - width)), ref destination, i - width);
        }

        if (i > 0)
        {
            // The first elements: one full vector from the start (length ≥ width here).
            TOps.Store(op.Invoke<TOps, TVec>(TOps.Load(ref x, 0)), ref destination, 0);
        }
    }

    /// <summary>
    /// Elements [at, at + 4·width): four loads ahead of four stores. When the destination sits a few
    /// bytes past the input modulo 4 KiB, a load issued right after a store to the same page offset
    /// waits for it (4K aliasing); grouping leaves one such pair per four vectors instead of one per
    /// vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FourVectors<TOps, TVec, TOp>(ref float x, ref float destination, nint at, TOp op)
        where TOps : IVectorOps<TVec>
        where TVec : struct
        where TOp : struct, IUnaryOperator
    {
        nint width = TOps.Count;
        TVec v0 = TOps.Load(ref x, at), v1 = TOps.Load(ref x, at + width), v2 = TOps.Load(ref x, at + (2 * width)), v3 = TOps.Load(ref x, at + (3 * width));
        v0 = op.Invoke<TOps, TVec>(v0);
        v1 = op.Invoke<TOps, TVec>(v1);
        v2 = op.Invoke<TOps, TVec>(v2);
        v3 = op.Invoke<TOps, TVec>(v3);
        TOps.Store(v0, ref destination, at);
        TOps.Store(v1, ref destination, at + width);
        TOps.Store(v2, ref destination, at + (2 * width));
        TOps.Store(v3, ref destination, at + (3 * width));
    }
}
