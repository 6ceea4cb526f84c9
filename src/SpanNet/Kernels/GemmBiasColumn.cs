using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using SpanNet.Kernels.Tiers;

namespace SpanNet.Kernels;

public static partial class SimdKernels
{
    /// <summary>
    /// The forward step of a layer for a panel of examples: for every example b and unit i,
    /// z[b, i] = Θ[i, 0] + Σ_j Θ[i, j + 1]·a[b, j], i.e. Z = A·Θ[:, 1..]ᵀ + bias — the same sums as
    /// <see cref="GemvBiasColumn"/> per example, but each load of Θ feeds four examples.
    /// </summary>
    /// <param name="path">The tier.</param>
    /// <param name="theta">Θ: the weight rows and the bias column (textbook or aligned layout).</param>
    /// <param name="units">Rows of Θ.</param>
    /// <param name="inputs">Columns of Θ minus the bias column.</param>
    /// <param name="activations">A, one row of inputs per example.</param>
    /// <param name="examples">Number of examples.</param>
    /// <param name="destination">Z, examples × units, rows <paramref name="units"/> apart.</param>
    internal static void GemmBiasColumnUnchecked(SimdPath path, ThetaRows theta, nint units, nint inputs, PanelRows activations, nint examples, ref float destination)
    {
        switch (path)
        {
            case SimdPath.Vector512:
                GemmBiasColumnKernel<Vector512Ops, Vector512<float>>(path, theta, units, inputs, activations, examples, ref destination);
                break;
            case SimdPath.Vector256:
                GemmBiasColumnKernel<Vector256Ops, Vector256<float>>(path, theta, units, inputs, activations, examples, ref destination);
                break;
            case SimdPath.Vector128:
                GemmBiasColumnKernel<Vector128Ops, Vector128<float>>(path, theta, units, inputs, activations, examples, ref destination);
                break;
            default:
                GemmBiasColumnKernel<ScalarOps, float>(path, theta, units, inputs, activations, examples, ref destination);
                break;
        }
    }

    /// <summary>
    /// A 4 units × 4 examples register block (on machines with 32 vector registers; see
    /// <see cref="GemmBiasColumnPairs"/> for the others): per vector step four Θ loads and four
    /// activation loads feed sixteen FMAs. The column tail is one more full vector ending at the last input,
    /// with the lanes already summed masked off. Leftover examples take the single-example kernel;
    /// leftover units take a 1 × 4 block.
    /// </summary>
    private static void GemmBiasColumnKernel<TOps, TVec>(SimdPath path, ThetaRows theta, nint units, nint inputs, PanelRows activations, nint examples, ref float destination)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        ref float weights = ref theta.Weights;
        nint stride = theta.Stride;
        nint b = 0;
        if (inputs >= width && width > 1 && !TOps.HasWideRegisterFile)
        {
            b = GemmBiasColumnPairs<TOps, TVec>(theta, units, inputs, activations, examples, ref destination);
        }
        else if (inputs >= width && width > 1)
        {
            nint tailStart = inputs - width;
            int tailCount = (int)(inputs % width);
            nint bodyEnd = inputs - tailCount;
            TVec mask = TOps.TailMask(tailCount);
            for (; b + 4 <= examples; b += 4)
            {
                ref float x0 = ref activations[b];
                ref float x1 = ref activations[b + 1];
                ref float x2 = ref activations[b + 2];
                ref float x3 = ref activations[b + 3];
                ref float z = ref Unsafe.Add(ref destination, b * units);
                nint i = 0;
                for (; i + 4 <= units; i += 4)
                {
                    ref float w0 = ref Unsafe.Add(ref weights, i * stride);
                    ref float w1 = ref Unsafe.Add(ref w0, stride);
                    ref float w2 = ref Unsafe.Add(ref w1, stride);
                    ref float w3 = ref Unsafe.Add(ref w2, stride);
                    TVec a00 = TOps.Zero, a01 = TOps.Zero, a02 = TOps.Zero, a03 = TOps.Zero;
                    TVec a10 = TOps.Zero, a11 = TOps.Zero, a12 = TOps.Zero, a13 = TOps.Zero;
                    TVec a20 = TOps.Zero, a21 = TOps.Zero, a22 = TOps.Zero, a23 = TOps.Zero;
                    TVec a30 = TOps.Zero, a31 = TOps.Zero, a32 = TOps.Zero, a33 = TOps.Zero;
                    for (nint j = 0; j < bodyEnd; j += width)
                    {
                        TVec v0 = TOps.Load(ref x0, j), v1 = TOps.Load(ref x1, j), v2 = TOps.Load(ref x2, j), v3 = TOps.Load(ref x3, j);
                        TVec u0 = TOps.Load(ref w0, j), u1 = TOps.Load(ref w1, j), u2 = TOps.Load(ref w2, j), u3 = TOps.Load(ref w3, j);
                        a00 = TOps.MultiplyAdd(u0, v0, a00);
                        a01 = TOps.MultiplyAdd(u0, v1, a01);
                        a02 = TOps.MultiplyAdd(u0, v2, a02);
                        a03 = TOps.MultiplyAdd(u0, v3, a03);
                        a10 = TOps.MultiplyAdd(u1, v0, a10);
                        a11 = TOps.MultiplyAdd(u1, v1, a11);
                        a12 = TOps.MultiplyAdd(u1, v2, a12);
                        a13 = TOps.MultiplyAdd(u1, v3, a13);
                        a20 = TOps.MultiplyAdd(u2, v0, a20);
                        a21 = TOps.MultiplyAdd(u2, v1, a21);
                        a22 = TOps.MultiplyAdd(u2, v2, a22);
                        a23 = TOps.MultiplyAdd(u2, v3, a23);
                        a30 = TOps.MultiplyAdd(u3, v0, a30);
                        a31 = TOps.MultiplyAdd(u3, v1, a31);
                        a32 = TOps.MultiplyAdd(u3, v2, a32);
                        a33 = TOps.MultiplyAdd(u3, v3, a33);
                    }

                    if (tailCount != 0)
                    {
                        // Outside the loop so the hot loop carries no tail branches. Only the
                        // activations are masked: the Θ lanes they zero are finite parameters of the
                        // same row, and activations (validated inputs, sigmoid outputs) are finite.
                        TVec v0 = TOps.And(TOps.Load(ref x0, tailStart), mask), v1 = TOps.And(TOps.Load(ref x1, tailStart), mask);
                        TVec v2 = TOps.And(TOps.Load(ref x2, tailStart), mask), v3 = TOps.And(TOps.Load(ref x3, tailStart), mask);
                        TVec u0 = TOps.Load(ref w0, tailStart), u1 = TOps.Load(ref w1, tailStart), u2 = TOps.Load(ref w2, tailStart), u3 = TOps.Load(ref w3, tailStart);
                        a00 = TOps.MultiplyAdd(u0, v0, a00);
                        a01 = TOps.MultiplyAdd(u0, v1, a01);
                        a02 = TOps.MultiplyAdd(u0, v2, a02);
                        a03 = TOps.MultiplyAdd(u0, v3, a03);
                        a10 = TOps.MultiplyAdd(u1, v0, a10);
                        a11 = TOps.MultiplyAdd(u1, v1, a11);
                        a12 = TOps.MultiplyAdd(u1, v2, a12);
                        a13 = TOps.MultiplyAdd(u1, v3, a13);
                        a20 = TOps.MultiplyAdd(u2, v0, a20);
                        a21 = TOps.MultiplyAdd(u2, v1, a21);
                        a22 = TOps.MultiplyAdd(u2, v2, a22);
                        a23 = TOps.MultiplyAdd(u2, v3, a23);
                        a30 = TOps.MultiplyAdd(u3, v0, a30);
                        a31 = TOps.MultiplyAdd(u3, v1, a31);
                        a32 = TOps.MultiplyAdd(u3, v2, a32);
                        a33 = TOps.MultiplyAdd(u3, v3, a33);
                    }

                    var bias = Vector128.Create(theta.BiasOf(i), theta.BiasOf(i + 1), theta.BiasOf(i + 2), theta.BiasOf(i + 3));
                    (TOps.Sum4(a00, a10, a20, a30) + bias).StoreUnsafe(ref z, (nuint)i);
                    (TOps.Sum4(a01, a11, a21, a31) + bias).StoreUnsafe(ref z, (nuint)(units + i));
                    (TOps.Sum4(a02, a12, a22, a32) + bias).StoreUnsafe(ref z, (nuint)((2 * units) + i));
                    (TOps.Sum4(a03, a13, a23, a33) + bias).StoreUnsafe(ref z, (nuint)((3 * units) + i));
                }

                for (; i < units; i++)
                {
                    // A leftover unit against the same four examples: four FMA chains share each Θ load.
                    ref float w0 = ref Unsafe.Add(ref weights, i * stride);
                    TVec e0 = TOps.Zero, e1 = TOps.Zero, e2 = TOps.Zero, e3 = TOps.Zero;
                    for (nint j = 0; j < bodyEnd; j += width)
                    {
                        TVec u0 = TOps.Load(ref w0, j);
                        e0 = TOps.MultiplyAdd(u0, TOps.Load(ref x0, j), e0);
                        e1 = TOps.MultiplyAdd(u0, TOps.Load(ref x1, j), e1);
                        e2 = TOps.MultiplyAdd(u0, TOps.Load(ref x2, j), e2);
                        e3 = TOps.MultiplyAdd(u0, TOps.Load(ref x3, j), e3);
                    }

                    if (tailCount != 0)
                    {
                        TVec u0 = TOps.Load(ref w0, tailStart);
                        e0 = TOps.MultiplyAdd(u0, TOps.And(TOps.Load(ref x0, tailStart), mask), e0);
                        e1 = TOps.MultiplyAdd(u0, TOps.And(TOps.Load(ref x1, tailStart), mask), e1);
                        e2 = TOps.MultiplyAdd(u0, TOps.And(TOps.Load(ref x2, tailStart), mask), e2);
                        e3 = TOps.MultiplyAdd(u0, TOps.And(TOps.Load(ref x3, tailStart), mask), e3);
                    }

                    Vector128<float> sums = TOps.Sum4(e0, e1, e2, e3) + Vector128.Create(theta.BiasOf(i));
                    Unsafe.Add(ref z, i) = sums.GetElement(0);
                    Unsafe.Add(ref z, units + i) = sums.GetElement(1);
                    Unsafe.Add(ref z, (2 * units) + i) = sums.GetElement(2);
                    Unsafe.Add(ref z, (3 * units) + i) = sums.GetElement(3);
                }
            }
        }

        for (; b < examples; b++)
        {
            // z = bias, then z += Θ·a: the same sums as GemvStart.BiasColumn, for any bias stride.
            ref float z = ref Unsafe.Add(ref destination, b * units);
            for (nint i = 0; i < units; i++)
            {
                Unsafe.Add(ref z, i) = theta.BiasOf(i);
            }

            GemvUnchecked(path, ref weights, units, inputs, stride, ref activations[b], ref z, GemvStart.Destination);
        }
    }


    /// <summary>
    /// The same sums for machines with 16 vector registers (AVX2, SSE): a 4 units × 2 examples
    /// block (eight accumulators, two activation and four Θ loads per step). The 4 × 4 block needs
    /// 24 registers and spilled its activation vectors to the stack on every step there.
    /// </summary>
    /// <returns>How many examples were done (the even count); the caller finishes the last one.</returns>
    private static nint GemmBiasColumnPairs<TOps, TVec>(ThetaRows theta, nint units, nint inputs, PanelRows activations, nint examples, ref float destination)
        where TOps : IVectorOps<TVec>
        where TVec : struct
    {
        nint width = TOps.Count;
        ref float weights = ref theta.Weights;
        nint stride = theta.Stride;
        nint tailStart = inputs - width;
        int tailCount = (int)(inputs % width);
        nint bodyEnd = inputs - tailCount;
        TVec mask = TOps.TailMask(tailCount);
        nint b = 0;
        for (; b + 2 <= examples; b += 2)
        {
            ref float x0 = ref activations[b];
            ref float x1 = ref activations[b + 1];
            ref float z = ref Unsafe.Add(ref destination, b * units);
            nint i = 0;
            for (; i + 4 <= units; i += 4)
            {
                ref float w0 = ref Unsafe.Add(ref weights, i * stride);
                ref float w1 = ref Unsafe.Add(ref w0, stride);
                ref float w2 = ref Unsafe.Add(ref w1, stride);
                ref float w3 = ref Unsafe.Add(ref w2, stride);
                TVec a00 = TOps.Zero, a01 = TOps.Zero, a10 = TOps.Zero, a11 = TOps.Zero;
                TVec a20 = TOps.Zero, a21 = TOps.Zero, a30 = TOps.Zero, a31 = TOps.Zero;
                for (nint j = 0; j < bodyEnd; j += width)
                {
                    TVec v0 = TOps.Load(ref x0, j), v1 = TOps.Load(ref x1, j);
                    TVec u = TOps.Load(ref w0, j);
                    a00 = TOps.MultiplyAdd(u, v0, a00);
                    a01 = TOps.MultiplyAdd(u, v1, a01);
                    u = TOps.Load(ref w1, j);
                    a10 = TOps.MultiplyAdd(u, v0, a10);
                    a11 = TOps.MultiplyAdd(u, v1, a11);
                    u = TOps.Load(ref w2, j);
                    a20 = TOps.MultiplyAdd(u, v0, a20);
                    a21 = TOps.MultiplyAdd(u, v1, a21);
                    u = TOps.Load(ref w3, j);
                    a30 = TOps.MultiplyAdd(u, v0, a30);
                    a31 = TOps.MultiplyAdd(u, v1, a31);
                }

                if (tailCount != 0)
                {
                    TVec v0 = TOps.And(TOps.Load(ref x0, tailStart), mask), v1 = TOps.And(TOps.Load(ref x1, tailStart), mask);
                    TVec u = TOps.Load(ref w0, tailStart);
                    a00 = TOps.MultiplyAdd(u, v0, a00);
                    a01 = TOps.MultiplyAdd(u, v1, a01);
                    u = TOps.Load(ref w1, tailStart);
                    a10 = TOps.MultiplyAdd(u, v0, a10);
                    a11 = TOps.MultiplyAdd(u, v1, a11);
                    u = TOps.Load(ref w2, tailStart);
                    a20 = TOps.MultiplyAdd(u, v0, a20);
                    a21 = TOps.MultiplyAdd(u, v1, a21);
                    u = TOps.Load(ref w3, tailStart);
                    a30 = TOps.MultiplyAdd(u, v0, a30);
                    a31 = TOps.MultiplyAdd(u, v1, a31);
                }

                var bias = Vector128.Create(theta.BiasOf(i), theta.BiasOf(i + 1), theta.BiasOf(i + 2), theta.BiasOf(i + 3));
                (TOps.Sum4(a00, a10, a20, a30) + bias).StoreUnsafe(ref z, (nuint)i);
                (TOps.Sum4(a01, a11, a21, a31) + bias).StoreUnsafe(ref z, (nuint)(units + i));
            }

            for (; i < units; i++)
            {
                ref float w0 = ref Unsafe.Add(ref weights, i * stride);
                TVec e0 = TOps.Zero, e1 = TOps.Zero;
                for (nint j = 0; j < bodyEnd; j += width)
                {
                    TVec u = TOps.Load(ref w0, j);
                    e0 = TOps.MultiplyAdd(u, TOps.Load(ref x0, j), e0);
                    e1 = TOps.MultiplyAdd(u, TOps.Load(ref x1, j), e1);
                }

                if (tailCount != 0)
                {
                    TVec u = TOps.Load(ref w0, tailStart);
                    e0 = TOps.MultiplyAdd(u, TOps.And(TOps.Load(ref x0, tailStart), mask), e0);
                    e1 = TOps.MultiplyAdd(u, TOps.And(TOps.Load(ref x1, tailStart), mask), e1);
                }

                Vector128<float> sums = TOps.Sum4(e0, e1, e0, e1) + Vector128.Create(theta.BiasOf(i));
                Unsafe.Add(ref z, i) = sums.GetElement(0);
                Unsafe.Add(ref z, units + i) = sums.GetElement(1);
            }
        }

        return b;
    }
}
