using SpanNet.Common;
using SpanNet.Kernels;

namespace SpanNet.Networks;

/// <summary>
/// Scratch memory for one thread working on one architecture: the activations a(2) … a(L), the
/// output logits z(L), the δ of every layer after the first, for one example and for a panel of
/// examples (with the panel's targets), and the aligned layer inputs of a model's forward pass. Built once; every
/// forward, cost and gradient call that uses it allocates nothing. Not thread-safe: give each
/// thread its own.
/// </summary>
public sealed class Workspace
{
    /// <summary>How many examples the training kernels process together (each weight load feeds this many FMAs).</summary>
    internal const int PanelSize = 16;

    /// <summary>The row numbers 0 … PanelSize − 1, for panels whose rows are consecutive.</summary>
    internal static readonly int[] ConsecutiveRows = [.. Enumerable.Range(0, PanelSize)];

    private readonly float[][] activations;
    private readonly float[][] deltas;
    private readonly float[][] panelActivations;
    private readonly float[][] panelDeltas;
    private bool inferenceBackward;

    /// <summary>Allocates the scratch for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The layer sizes.</param>
    public Workspace(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        int layers = architecture.LayerCount;
        activations = new float[layers][];
        deltas = new float[layers][];
        panelActivations = new float[layers][];
        panelDeltas = new float[layers][];
        activations[0] = deltas[0] = panelActivations[0] = panelDeltas[0] = [];
        for (int l = 1; l < layers; l++)
        {
            activations[l] = new float[architecture.LayerSizes[l]];
            deltas[l] = new float[architecture.LayerSizes[l]];
            panelActivations[l] = new float[PanelSize * architecture.LayerSizes[l]];
            panelDeltas[l] = new float[PanelSize * architecture.LayerSizes[l]];
        }

        PanelLogits = new float[PanelSize * architecture.OutputCount];
        PanelTargets = new float[PanelSize * architecture.OutputCount];

        Logits = new float[architecture.OutputCount];
        InferenceScratch = new AlignedBuffer(PackedNetwork.ScratchLength(architecture));
    }

    /// <summary>The architecture this workspace was built for.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>z(L), the output layer's pre-activations of the last forward pass.</summary>
    internal float[] Logits { get; }

    /// <summary>z(L) of a panel of examples, PanelSize × s_L.</summary>
    internal float[] PanelLogits { get; }

    /// <summary>The targets of a panel of examples, PanelSize × s_L, one example per row.</summary>
    internal float[] PanelTargets { get; }

    /// <summary>The aligned, padded layer inputs of a <see cref="PackedNetwork"/> forward pass.</summary>
    internal AlignedBuffer InferenceScratch { get; }

    /// <summary>
    /// The direction the next inference walks the weight rows in: alternates on every call, so a
    /// call starts with the rows the previous one (on this thread) touched last (see <see cref="PackedNetwork.Run(SimdPath, ref float, AlignedBuffer, Span{float}, bool)"/>).
    /// </summary>
    internal bool NextInferenceBackward() => inferenceBackward = !inferenceBackward;

    /// <summary>a(layer + 1) of the last forward pass (layer 0 is the input, which is not copied).</summary>
    internal Span<float> Activations(int layer) => activations[layer];

    /// <summary>δ(layer + 1).</summary>
    internal Span<float> Delta(int layer) => deltas[layer];

    /// <summary>a(layer + 1) of a panel of examples, PanelSize × s_(layer+1), one example per row.</summary>
    internal Span<float> PanelActivations(int layer) => panelActivations[layer];

    /// <summary>δ(layer + 1) of a panel of examples, one example per row.</summary>
    internal Span<float> PanelDeltas(int layer) => panelDeltas[layer];

    internal void CheckFor(NetworkArchitecture architecture)
    {
        if (!ReferenceEquals(architecture, Architecture) && !architecture.Equals(Architecture))
        {
            throw new ArgumentException($"The workspace was built for a {Architecture} network, not {architecture}.", "workspace");
        }
    }
}
