namespace SpanNet.Networks;

/// <summary>
/// Scratch memory for one thread working on one architecture: the activations a(2) … a(L), the
/// output logits z(L), the δ of every layer after the first and a target row. Built once; every
/// forward, cost and gradient call that uses it allocates nothing. Not thread-safe: give each
/// thread its own.
/// </summary>
public sealed class Workspace
{
    private readonly float[][] activations;
    private readonly float[][] deltas;

    /// <summary>Allocates the scratch for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The layer sizes.</param>
    public Workspace(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        int layers = architecture.LayerCount;
        activations = new float[layers][];
        deltas = new float[layers][];
        activations[0] = [];
        deltas[0] = [];
        for (int l = 1; l < layers; l++)
        {
            activations[l] = new float[architecture.LayerSizes[l]];
            deltas[l] = new float[architecture.LayerSizes[l]];
        }

        Logits = new float[architecture.OutputCount];
        ScaledInput = new float[architecture.InputCount];
        Target = new float[architecture.OutputCount];
    }

    /// <summary>The architecture this workspace was built for.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>z(L), the output layer's pre-activations of the last forward pass.</summary>
    internal float[] Logits { get; }

    /// <summary>Room for one example's features after input scaling.</summary>
    internal float[] ScaledInput { get; }

    /// <summary>A one-hot target row, filled per example when the data holds class labels.</summary>
    internal float[] Target { get; }

    /// <summary>a(layer + 1) of the last forward pass (layer 0 is the input, which is not copied).</summary>
    internal Span<float> Activations(int layer) => activations[layer];

    /// <summary>δ(layer + 1).</summary>
    internal Span<float> Delta(int layer) => deltas[layer];

    internal void CheckFor(NetworkArchitecture architecture)
    {
        if (!ReferenceEquals(architecture, Architecture) && !architecture.Equals(Architecture))
        {
            throw new ArgumentException($"The workspace was built for a {Architecture} network, not {architecture}.", "workspace");
        }
    }
}
