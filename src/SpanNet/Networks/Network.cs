using SpanNet.Common;
using SpanNet.Kernels;

namespace SpanNet.Networks;

/// <summary>
/// A fully-connected sigmoid network: its <see cref="Architecture"/> and its unrolled parameters
/// Θ(1), Θ(2), … in the textbook layout (row-major s_{l+1} × (s_l + 1), column 0 the bias).
/// The parameters are mutable (optimizers update them in place); for sharing a trained network
/// across threads use an immutable model built from it.
/// </summary>
public sealed class Network
{
    private readonly float[] parameters;

    /// <summary>Creates a network with all parameters 0.</summary>
    /// <param name="architecture">The layer sizes.</param>
    public Network(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        parameters = new float[architecture.ParameterCount];
    }

    /// <summary>The layer sizes.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The unrolled parameter vector Θ(1), Θ(2), … (each row-major, bias column first).</summary>
    public Span<float> Parameters => parameters;

    /// <summary>
    /// A network with Θ(l) ~ U(−ε_l, ε_l), ε_l = √6 / √(s_l + s_{l+1}), drawn from a seeded
    /// generator: the same seed gives the same network on every machine.
    /// </summary>
    /// <param name="architecture">The layer sizes.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The initialized network.</returns>
    public static Network CreateRandom(NetworkArchitecture architecture, ulong seed)
    {
        var network = new Network(architecture);
        var random = new SeededRandom(seed);
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            float epsilon = (float)(Math.Sqrt(6) / Math.Sqrt(architecture.LayerSizes[l] + architecture.LayerSizes[l + 1]));
            foreach (ref float w in network.Theta(l))
            {
                w = ((2 * random.NextSingle()) - 1) * epsilon;
            }
        }

        return network;
    }

    /// <summary>Θ(layer) as a row-major s_{layer+1} × (s_layer + 1) view into <see cref="Parameters"/>.</summary>
    /// <param name="layer">0-based index of Θ, 0 … L − 2.</param>
    /// <returns>The view.</returns>
    public Span<float> Theta(int layer) => parameters.AsSpan(Architecture.ThetaOffset(layer), Architecture.ThetaLength(layer));

    /// <summary>Copies a textbook Θ(layer) (row-major, column 0 the bias) into the network.</summary>
    /// <param name="layer">0-based index of Θ.</param>
    /// <param name="theta">Exactly rows × columns values; must be finite.</param>
    public void ImportTheta(int layer, ReadOnlySpan<float> theta)
    {
        Span<float> target = Theta(layer);
        if (theta.Length != target.Length)
        {
            throw new ArgumentException(
                $"Θ({layer + 1}) of a {Architecture} network is {Architecture.ThetaRows(layer)} × {Architecture.ThetaColumns(layer)} = {target.Length} values; got {theta.Length}.",
                nameof(theta));
        }

        int bad = SimdKernels.IndexOfNonFinite(theta);
        if (bad >= 0)
        {
            throw new ArgumentException($"Θ({layer + 1}) element {bad} is {theta[bad]}; parameters must be finite.", nameof(theta));
        }

        theta.CopyTo(target);
    }

    /// <summary>Copies Θ(layer) out in the textbook layout.</summary>
    /// <param name="layer">0-based index of Θ.</param>
    /// <param name="destination">At least rows × columns values.</param>
    public void ExportTheta(int layer, Span<float> destination)
    {
        ReadOnlySpan<float> source = Theta(layer);
        if (destination.Length < source.Length)
        {
            throw new ArgumentException($"'{nameof(destination)}' has {destination.Length} elements but Θ({layer + 1}) has {source.Length}.", nameof(destination));
        }

        source.CopyTo(destination);
    }

    /// <summary>A deep copy (same architecture, copied parameters).</summary>
    /// <returns>The copy.</returns>
    public Network Clone()
    {
        var copy = new Network(Architecture);
        parameters.CopyTo(copy.parameters, 0);
        return copy;
    }

    /// <summary>
    /// Forward propagation of one example: h(x) = a(L). Allocates nothing.
    /// </summary>
    /// <param name="input">s_1 finite features.</param>
    /// <param name="output">Receives the s_L sigmoid outputs (written after the input is read, so it may overlap it).</param>
    /// <param name="workspace">Scratch for this thread, built for this architecture.</param>
    public void Forward(ReadOnlySpan<float> input, Span<float> output, Workspace workspace)
    {
        ForwardPass.Check(Architecture, input, output, workspace);
        ForwardPass.Run(Architecture, parameters, input, workspace);
        workspace.Activations(Architecture.LayerCount - 1).CopyTo(output);
    }

    /// <summary>The class with the largest output (the first one on ties).</summary>
    /// <param name="input">s_1 finite features.</param>
    /// <param name="workspace">Scratch for this thread, built for this architecture.</param>
    /// <returns>The class index 0 … s_L − 1.</returns>
    public int PredictClass(ReadOnlySpan<float> input, Workspace workspace)
    {
        ForwardPass.Check(Architecture, input, workspace);
        ForwardPass.Run(Architecture, parameters, input, workspace);
        return SimdKernels.ArgMax(workspace.Activations(Architecture.LayerCount - 1));
    }
}
