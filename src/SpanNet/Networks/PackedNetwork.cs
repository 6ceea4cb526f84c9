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
    /// Forward pass of the example already in <see cref="InputSlot"/>: writes σ(z(L)) to
    /// <paramref name="output"/> (s_L values). The hidden activations stay in the scratch.
    /// </summary>
    public void Run(SimdPath path, AlignedBuffer scratch, Span<float> output)
    {
        NetworkArchitecture architecture = Architecture;
        ref float a = ref scratch.Start;
        ref float packed = ref weights.Start;
        ref float bias = ref MemoryMarshal.GetArrayDataReference(biases);
        int last = architecture.LayerCount - 1;
        for (int l = 0; l < last; l++)
        {
            int stride = AlignedBuffer.PadToLine(architecture.LayerSizes[l]);
            int units = architecture.LayerSizes[l + 1];
            ref float next = ref l + 1 == last ? ref MemoryMarshal.GetReference(output) : ref Unsafe.Add(ref a, stride);
            SimdKernels.GemvPaddedUnchecked(path, ref Unsafe.Add(ref packed, weightOffsets[l]), units, stride, ref a, ref Unsafe.Add(ref bias, biasOffsets[l]), ref next);
            SimdKernels.SigmoidUnchecked(path, ref next, ref next, units);
            a = ref next;
        }
    }
}
