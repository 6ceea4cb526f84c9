using System.Runtime.CompilerServices;
using SpanNet.Common;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Backprop;

/// <summary>
/// Θ (or Δ) of every layer in the layout the panel kernels run fastest on: each weight row starts on
/// a 64-byte line (its stride rounded up to 16 floats) and the layer's biases sit apart after its
/// rows. In the textbook layout a 401-column row starts 4 bytes further into a line than the row
/// before, so most vector loads of Θ and of Δ split two lines, and how many depended on where the
/// caller's array happened to sit. Backprop's public calls copy the parameters into one of these
/// first, sum each chunk's Δ in others, and write the caller's gradient in the textbook layout in
/// their last pass; the trainer's minibatch path keeps its parameters in one from step to step and
/// steps them in place (<see cref="IAlignedUpdate"/>).
/// </summary>
internal sealed class AlignedTheta
{
    private readonly NetworkArchitecture architecture;
    private readonly int[] weightOffsets;
    private readonly int[] biasOffsets;
    private readonly int[] strides;
    private readonly AlignedBuffer buffer;

    public AlignedTheta(NetworkArchitecture architecture)
    {
        this.architecture = architecture;
        int layers = architecture.ThetaCount;
        weightOffsets = new int[layers];
        biasOffsets = new int[layers];
        strides = new int[layers];
        long length = 0;
        for (int l = 0; l < layers; l++)
        {
            int rows = architecture.ThetaRows(l);
            strides[l] = AlignedBuffer.PadToLine(architecture.ThetaColumns(l) - 1);
            weightOffsets[l] = checked((int)length);
            length += (long)rows * strides[l];
            biasOffsets[l] = checked((int)length);
            length += AlignedBuffer.PadToLine(rows);
        }

        if (length > Array.MaxLength - AlignedBuffer.PageFloats)
        {
            throw new ArgumentException($"The aligned copy of network {architecture} would need {length} floats, more than one array can hold.", nameof(architecture));
        }

        buffer = AlignedBuffer.PageAligned((int)length);
    }

    /// <summary>
    /// The whole buffer, padding included. The padding stays zero: the copies and the panel kernels
    /// never write it, and the fused optimizer steps write it only with what an elementwise step
    /// makes of zero Δ and zero θ, which is zero.
    /// </summary>
    public Span<float> Span => buffer.Span;

    /// <summary>Layer <paramref name="layer"/>'s Θ as the panel kernels take it.</summary>
    public ThetaRows Layer(int layer) => new(ref Unsafe.Add(ref buffer.Start, weightOffsets[layer]), strides[layer], ref Unsafe.Add(ref buffer.Start, biasOffsets[layer]), 1);

    /// <summary>Where layer <paramref name="layer"/>'s weight rows lie in <see cref="Span"/>, their padding included (a whole number of lines).</summary>
    public (int Start, int Length) WeightRegion(int layer) => (weightOffsets[layer], biasOffsets[layer] - weightOffsets[layer]);

    /// <summary>Where layer <paramref name="layer"/>'s biases lie in <see cref="Span"/>, their padding included (a whole number of lines).</summary>
    public (int Start, int Length) BiasRegion(int layer) =>
        (biasOffsets[layer], (layer + 1 < weightOffsets.Length ? weightOffsets[layer + 1] : buffer.Length) - biasOffsets[layer]);

    /// <summary>Fills this from <paramref name="parameters"/> in the unrolled textbook layout.</summary>
    public void CopyFrom(ReadOnlySpan<float> parameters)
    {
        Span<float> all = buffer.Span;
        for (int l = 0; l < weightOffsets.Length; l++)
        {
            int rows = architecture.ThetaRows(l), columns = architecture.ThetaColumns(l);
            ReadOnlySpan<float> theta = parameters.Slice(architecture.ThetaOffset(l), rows * columns);
            for (int i = 0; i < rows; i++)
            {
                all[biasOffsets[l] + i] = theta[i * columns];
                theta.Slice((i * columns) + 1, columns - 1).CopyTo(all.Slice(weightOffsets[l] + (i * strides[l])));
            }
        }
    }

    /// <summary>Writes this to <paramref name="parameters"/> in the unrolled textbook layout.</summary>
    public void CopyTo(Span<float> parameters)
    {
        ReadOnlySpan<float> all = buffer.Span;
        for (int l = 0; l < weightOffsets.Length; l++)
        {
            int rows = architecture.ThetaRows(l), columns = architecture.ThetaColumns(l);
            Span<float> theta = parameters.Slice(architecture.ThetaOffset(l), rows * columns);
            for (int i = 0; i < rows; i++)
            {
                theta[i * columns] = all[biasOffsets[l] + i];
                all.Slice(weightOffsets[l] + (i * strides[l]), columns - 1).CopyTo(theta.Slice((i * columns) + 1));
            }
        }
    }
}
