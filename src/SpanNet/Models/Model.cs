using System.Runtime.InteropServices;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Models;

/// <summary>
/// A trained network frozen for inference: architecture, parameters and the input scaling it was
/// trained with. Immutable, so one instance can serve predictions from many threads at once; each
/// call uses the caller's <see cref="Workspace"/> or a per-thread one and allocates nothing after
/// the thread's first call.
/// </summary>
public sealed class Model
{
    [ThreadStatic]
    private static Dictionary<NetworkArchitecture, Workspace>? threadWorkspaces;

    [ThreadStatic]
    private static Workspace? lastThreadWorkspace;

    private readonly float[] parameters;
    private readonly PackedNetwork packed;

    /// <summary>Freezes a copy of <paramref name="network"/>'s parameters.</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="scaling">The input scaling it was trained with, or null for raw inputs.</param>
    public Model(Network network, FeatureScaling? scaling = null)
        : this(NotNull(network).Architecture, network.Parameters, scaling)
    {
    }

    /// <summary>A model from an architecture and its unrolled parameters (copied).</summary>
    /// <param name="architecture">The layer sizes.</param>
    /// <param name="parameters">Exactly <see cref="NetworkArchitecture.ParameterCount"/> finite values.</param>
    /// <param name="scaling">The input scaling, or null.</param>
    public Model(NetworkArchitecture architecture, ReadOnlySpan<float> parameters, FeatureScaling? scaling = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException($"A {architecture} network has {architecture.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }

        int bad = SimdKernels.IndexOfNonFinite(parameters);
        if (bad >= 0)
        {
            throw new ArgumentException($"Parameter {bad} is {parameters[bad]}; a model's parameters must be finite.", nameof(parameters));
        }

        if (scaling is not null && scaling.FeatureCount != architecture.InputCount)
        {
            throw new ArgumentException($"The scaling is for {scaling.FeatureCount} features but the network takes {architecture.InputCount}.", nameof(scaling));
        }

        Architecture = architecture;
        this.parameters = parameters.ToArray();
        packed = new PackedNetwork(architecture, parameters);
        Scaling = scaling;
    }

    /// <summary>The layer sizes.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The unrolled parameters (read-only).</summary>
    public ReadOnlySpan<float> Parameters => parameters;

    /// <summary>The input scaling applied to raw features, or null.</summary>
    public FeatureScaling? Scaling { get; }

    /// <summary>A mutable copy as a <see cref="Network"/> (for further training or export).</summary>
    /// <returns>The network.</returns>
    public Network ToNetwork()
    {
        var network = new Network(Architecture);
        parameters.CopyTo(network.Parameters);
        return network;
    }

    /// <summary>The s_L sigmoid outputs for one example of raw features. Thread-safe; allocates nothing after a thread's first call.</summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <param name="probabilities">Receives s_L outputs in [0, 1]; must not overlap <paramref name="features"/>.</param>
    public void Predict(ReadOnlySpan<float> features, Span<float> probabilities) => Predict(features, probabilities, ThreadScratch());

    /// <summary>As <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> with caller-owned scratch.</summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <param name="probabilities">Receives s_L outputs; must not overlap <paramref name="features"/>.</param>
    /// <param name="workspace">Scratch built for this architecture, used by one thread at a time.</param>
    public void Predict(ReadOnlySpan<float> features, Span<float> probabilities, Workspace workspace)
    {
        ForwardPass.Check(Architecture, features, probabilities, workspace, nameof(features), nameof(probabilities));

        // A network without hidden layer and without scaling reads its input in place and writes the
        // biases into the output first: outputs on top of the features would overwrite them unread.
        Guard.NoOverlap(features, probabilities[..Architecture.OutputCount], nameof(features), nameof(probabilities));
        Run(features, probabilities, workspace);
    }

    /// <summary>The most likely class (argmax of the outputs, first on ties). Thread-safe.</summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <returns>The class index.</returns>
    public int PredictClass(ReadOnlySpan<float> features) => PredictClass(features, ThreadScratch());

    /// <summary>The most likely class, with caller-owned scratch.</summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <param name="workspace">Scratch built for this architecture.</param>
    /// <returns>The class index.</returns>
    public int PredictClass(ReadOnlySpan<float> features, Workspace workspace)
    {
        ForwardPass.Check(Architecture, features, workspace, nameof(features));
        Span<float> output = workspace.Activations(Architecture.LayerCount - 1);
        Run(features, output, workspace);
        return SimdKernels.ArgMax(output);
    }

    /// <summary>
    /// The most likely class and the s_L outputs it was picked from, in one forward pass (the class
    /// <see cref="PredictClass(ReadOnlySpan{float})"/> returns, the outputs <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>
    /// writes). Thread-safe; allocates nothing after a thread's first call.
    /// </summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <param name="probabilities">Receives s_L outputs in [0, 1]; must not overlap <paramref name="features"/>.</param>
    /// <returns>The class index: the first largest output.</returns>
    public int PredictClass(ReadOnlySpan<float> features, Span<float> probabilities) => PredictClass(features, probabilities, ThreadScratch());

    /// <summary>As <see cref="PredictClass(ReadOnlySpan{float}, Span{float})"/> with caller-owned scratch.</summary>
    /// <param name="features">s_1 raw features, all finite (a NaN or ±∞ throws ArgumentException, as does a value so far outside the range the scaling was learned from that it scales beyond the float range).</param>
    /// <param name="probabilities">Receives s_L outputs; must not overlap <paramref name="features"/>.</param>
    /// <param name="workspace">Scratch built for this architecture, used by one thread at a time.</param>
    /// <returns>The class index: the first largest output.</returns>
    public int PredictClass(ReadOnlySpan<float> features, Span<float> probabilities, Workspace workspace)
    {
        Predict(features, probabilities, workspace);
        return SimdKernels.ArgMax(probabilities[..Architecture.OutputCount]);
    }

    /// <summary>Outputs for m examples (row-major m × s_1 raw features into m × s_L outputs).</summary>
    /// <param name="features">m × s_1 finite values (see <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>; a feature that scales beyond the float range throws naming its example, after the examples before it were written).</param>
    /// <param name="probabilities">Receives m × s_L values; must not overlap <paramref name="features"/>.</param>
    public void PredictBatch(ReadOnlySpan<float> features, Span<float> probabilities)
    {
        int n = Architecture.InputCount, k = Architecture.OutputCount;
        if (features.Length % n != 0)
        {
            throw new ArgumentException($"{features.Length} values are not a whole number of {n}-feature examples.", nameof(features));
        }

        int m = features.Length / n;
        if (probabilities.Length < (long)m * k)
        {
            throw new ArgumentException($"'{nameof(probabilities)}' has {probabilities.Length} elements; {m} examples × {k} outputs need {(long)m * k}.", nameof(probabilities));
        }

        Guard.NoOverlap(features, probabilities[..(m * k)], nameof(features), nameof(probabilities));
        Guard.FiniteFeatures(features, n, nameof(features));

        Workspace workspace = ThreadScratch();
        for (int i = 0; i < m; i++)
        {
            Run(features.Slice(i * n, n), probabilities.Slice(i * k, k), workspace, example: i);
        }
    }

    private static Network NotNull(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network;
    }

    /// <summary>Scales the features into the packed layout's aligned input slot and runs the forward pass.</summary>
    private void Run(ReadOnlySpan<float> features, Span<float> output, Workspace workspace, int example = -1)
    {
        if (Scaling is null && packed.ReadsInputInPlace)
        {
            packed.Run(SimdInfo.ActivePath, ref MemoryMarshal.GetReference(features), workspace.InferenceScratch, output, workspace.NextInferenceBackward());
            return;
        }

        Span<float> input = PackedNetwork.InputSlot(workspace.InferenceScratch, Architecture);
        if (Scaling is null)
        {
            features.CopyTo(input);
        }
        else
        {
            Scaling.ScaleInto(features, input, example, nameof(features));
        }

        packed.Run(SimdInfo.ActivePath, workspace.InferenceScratch, output, workspace.NextInferenceBackward());
    }

    /// <summary>This thread's workspace for the architecture: the last one used if it fits, else one per architecture.</summary>
    private Workspace ThreadScratch()
    {
        Workspace? last = lastThreadWorkspace;
        if (last is not null && ReferenceEquals(last.Architecture, Architecture))
        {
            return last;
        }

        threadWorkspaces ??= [];
        if (!threadWorkspaces.TryGetValue(Architecture, out Workspace? workspace))
        {
            workspace = new Workspace(Architecture);
            threadWorkspaces[Architecture] = workspace;
        }

        lastThreadWorkspace = workspace;
        return workspace;
    }
}
