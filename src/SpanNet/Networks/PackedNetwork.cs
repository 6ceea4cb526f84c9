using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpanNet.Common;
using SpanNet.Kernels;

namespace SpanNet.Networks;

/// <summary>
/// A network's parameters laid out for single-example inference: each layer's weight rows (the
/// textbook Θ without its bias column) zero-padded to a whole number of 64-byte lines and
/// 64-byte aligned, the biases in a separate array. Every vector load of a forward pass is then
/// aligned and no row has a tail, which roughly halves the load traffic of a misaligned
/// odd-width row (e.g. 401 floats) that splits a cache line on every load. Immutable.
/// </summary>
internal sealed class PackedNetwork
{
    private readonly AlignedBuffer weights;
    private readonly float[] biases;
    private readonly int[] weightOffsets;
    private readonly int[] biasOffsets;

    /// <summary>Packs a copy of <paramref name="parameters"/> (the unrolled textbook layout).</summary>
    public PackedNetwork(NetworkArchitecture architecture, ReadOnlySpan<float> parameters)
    {
        Architecture = architecture;
        int layers = architecture.LayerCount;
        weightOffsets = new int[layers - 1];
        biasOffsets = new int[layers - 1];
        int weightCount = 0, biasCount = 0;
        for (int l = 0; l < layers - 1; l++)
        {
            weightOffsets[l] = weightCount;
            biasOffsets[l] = biasCount;
            weightCount += architecture.LayerSizes[l + 1] * AlignedBuffer.PadToLine(architecture.LayerSizes[l]);
            biasCount += architecture.LayerSizes[l + 1];
        }

        weights = new AlignedBuffer(weightCount);
        biases = new float[biasCount];
        Span<float> packed = weights.Span;
        int source = 0;
        for (int l = 0; l < layers - 1; l++)
        {
            int inputs = architecture.LayerSizes[l];
            int stride = AlignedBuffer.PadToLine(inputs);
            for (int unit = 0; unit < architecture.LayerSizes[l + 1]; unit++)
            {
                biases[biasOffsets[l] + unit] = parameters[source];
                parameters.Slice(source + 1, inputs).CopyTo(packed.Slice(weightOffsets[l] + (unit * stride), inputs));
                source += inputs + 1;
            }
        }
    }

    public NetworkArchitecture Architecture { get; }

    /// <summary>Layers up to 16 KB of weights stay in a 32 KB L1 between calls in any order; only larger ones are walked backward every other call.</summary>
    private const int ReorderFromFloats = 16 * 1024 / sizeof(float);

    /// <summary>Length of the aligned scratch a forward pass needs: every layer's input, padded.</summary>
    public static int ScratchLength(NetworkArchitecture architecture)
    {
        int length = 0;
        for (int l = 0; l < architecture.LayerCount - 1; l++)
        {
            length += AlignedBuffer.PadToLine(architecture.LayerSizes[l]);
        }

        return length;
    }

    /// <summary>
    /// The room for the (scaled) input features at the start of <paramref name="scratch"/>: the
    /// caller writes s_1 values there, the padding after them stays zero.
    /// </summary>
    public static Span<float> InputSlot(AlignedBuffer scratch, NetworkArchitecture architecture) =>
        scratch.Span[..architecture.InputCount];

    /// <summary>
    /// Whether raw features can be read where they are, without a copy into
    /// <see cref="InputSlot"/>: when s_1 is a whole number of 16-float lines the first layer's rows
    /// have no padding, so nothing past the features is read (only the loads of x lose alignment).
    /// </summary>
    public bool ReadsInputInPlace => Architecture.InputCount % AlignedBuffer.AlignmentFloats == 0;

    /// <summary>Forward pass of the example already in <see cref="InputSlot"/>: writes σ(z(L)) to <paramref name="output"/> (s_L values).</summary>
    public void Run(SimdPath path, AlignedBuffer scratch, Span<float> output, bool backward) => Run(path, ref scratch.Start, scratch, output, backward);

    /// <summary>
    /// Forward pass of <paramref name="input"/>, which must hold s_1 features followed by zeros up
    /// to the padded width (the <see cref="InputSlot"/>, or any s_1 features when
    /// <see cref="ReadsInputInPlace"/>): writes σ(z(L)) to <paramref name="output"/>. The hidden
    /// activations stay in the scratch.
    /// <para>
    /// With <paramref name="backward"/> each layer's rows are taken in the gemv's register blocks
    /// from the last block to the first. Callers alternate it
    /// per thread: one example streams every weight from L2 once (Θ(1) of 400-25-10 is 41 KB, L1 is
    /// 32 KB), and in a fixed order the previous call's lines are always the least recently used,
    /// so nothing survives in L1; a call that starts where the previous one ended finds the ~30 KB
    /// it touched last still there (400-25-10: 437 → 370 ns per call back to back, A/B in one
    /// process). The blocks are the kernel's own, so every row is summed exactly as in forward
    /// order: the outputs are bit-identical either way.
    /// </para>
    /// </summary>
    public void Run(SimdPath path, ref float input, AlignedBuffer scratch, Span<float> output, bool backward)
    {
        // One example streams every weight once from L2 (Θ(1) of 400-25-10 is 40 KB, more than L1),
        // so 512-bit registers cannot make the products faster, and the layers are too short for
        // them to pay off in the sigmoid; on Zen 4 (a 512-bit op is two 256-bit halves) the whole
        // pass at 256 bits took 428 ns against 478-491 ns with 512-bit sigmoid and 493 ns all at
        // 512 bits (400-25-10, A/B in one process; 64-25-10: 122 vs 163 ns).
        path = path == SimdPath.Vector512 ? SimdPath.Vector256 : path;
        NetworkArchitecture architecture = Architecture;
        ref float a = ref input;
        ref float slot = ref scratch.Start;
        ref float packed = ref weights.Start;
        ref float bias = ref MemoryMarshal.GetArrayDataReference(biases);
        int last = architecture.LayerCount - 1;
        for (int l = 0; l < last; l++)
        {
            int stride = AlignedBuffer.PadToLine(architecture.LayerSizes[l]);
            int units = architecture.LayerSizes[l + 1];
            ref float next = ref l + 1 == last ? ref MemoryMarshal.GetReference(output) : ref Unsafe.Add(ref slot, stride);
            // z = b + W·a: the biases first, then the accumulating gemv over whole padded rows (no tail).
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref next), ref Unsafe.As<float, byte>(ref Unsafe.Add(ref bias, biasOffsets[l])), (uint)(units * sizeof(float)));
            SimdKernels.GemvUnchecked(path, ref Unsafe.Add(ref packed, weightOffsets[l]), units, stride, stride, ref a, ref next, SimdKernels.GemvStart.Destination, backward && units * stride > ReorderFromFloats);
            SimdKernels.SigmoidUnchecked(path, ref next, ref next, units);
            a = ref next;
            slot = ref next;
        }
    }
}
