using System.Runtime.InteropServices;
using SpanNet.Data;
using SpanNet.Kernels;
using SpanNet.Networks;

namespace SpanNet.Backprop;

/// <summary>
/// The regularized cross-entropy cost J(Θ) of a sigmoid network and its gradient, by the textbook
/// per-example backpropagation algorithm on the SIMD kernels:
/// <code>
/// J(Θ) = −(1/m) Σ_i Σ_k [y_k log h_k + (1 − y_k) log(1 − h_k)] + (λ/2m) Σ_l Σ_i Σ_{j≥1} Θ(l)_ij²
/// δ(L) = a(L) − y;  δ(l) = (Θ(l)ᵀ δ(l+1))[1..] ⊙ a(l) ⊙ (1 − a(l));  Δ(l) += δ(l+1)·[1; a(l)]ᵀ
/// D(l)_ij = Δ(l)_ij / m + (λ/m)·Θ(l)_ij for j ≥ 1, and Δ(l)_i0 / m for the bias column.
/// </code>
/// The log-loss is taken from the logits z(L) (log σ(z) = −softplus(−z)), so saturated outputs give
/// a finite cost and gradient. Owns one <see cref="Workspace"/>: after construction a call
/// allocates nothing. Not thread-safe; use one instance per thread.
/// </summary>
public sealed class Backpropagation
{
    private readonly Workspace workspace;

    /// <summary>Builds the workspace for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The layer sizes.</param>
    public Backpropagation(NetworkArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        workspace = new Workspace(architecture);
    }

    /// <summary>The layer sizes this instance works on.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>
    /// How many examples of the last call the network classified right (argmax of the outputs
    /// equal to the label, or to the argmax of the target row): accuracy as a by-product of the cost.
    /// </summary>
    public int LastCorrectCount { get; private set; }

    /// <summary>J(Θ) and ∇J over all examples of <paramref name="data"/>.</summary>
    /// <param name="parameters">The unrolled Θ (<see cref="NetworkArchitecture.ParameterCount"/> values).</param>
    /// <param name="data">The examples; their feature and output counts must match the architecture.</param>
    /// <param name="lambda">λ ≥ 0, the L2 regularization strength.</param>
    /// <param name="gradient">Receives ∇J, unrolled like the parameters; must not overlap them.</param>
    /// <returns>The cost J.</returns>
    public double CostAndGradient(ReadOnlySpan<float> parameters, LabeledData data, float lambda, Span<float> gradient)
    {
        Check(parameters, data, lambda, default, all: true);
        CheckGradient(parameters, gradient);
        return Run(parameters, data, default, all: true, lambda, gradient, withGradient: true);
    }

    /// <summary>J(Θ) and ∇J over the examples at <paramref name="examples"/> (a minibatch; m is its length).</summary>
    /// <param name="parameters">The unrolled Θ.</param>
    /// <param name="data">The examples.</param>
    /// <param name="examples">Indices into <paramref name="data"/>, at least one.</param>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <param name="gradient">Receives ∇J; must not overlap the parameters.</param>
    /// <returns>The cost J of the minibatch.</returns>
    public double CostAndGradient(ReadOnlySpan<float> parameters, LabeledData data, ReadOnlySpan<int> examples, float lambda, Span<float> gradient)
    {
        Check(parameters, data, lambda, examples, all: false);
        CheckGradient(parameters, gradient);
        return Run(parameters, data, examples, all: false, lambda, gradient, withGradient: true);
    }

    /// <summary>J(Θ) over all examples, without the gradient.</summary>
    /// <param name="parameters">The unrolled Θ.</param>
    /// <param name="data">The examples.</param>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <returns>The cost J.</returns>
    public double Cost(ReadOnlySpan<float> parameters, LabeledData data, float lambda)
    {
        Check(parameters, data, lambda, default, all: true);
        return Run(parameters, data, default, all: true, lambda, default, withGradient: false);
    }

    /// <summary>J(Θ) over the examples at <paramref name="examples"/>, without the gradient.</summary>
    /// <param name="parameters">The unrolled Θ.</param>
    /// <param name="data">The examples.</param>
    /// <param name="examples">Indices into <paramref name="data"/>, at least one.</param>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <returns>The cost J.</returns>
    public double Cost(ReadOnlySpan<float> parameters, LabeledData data, ReadOnlySpan<int> examples, float lambda)
    {
        Check(parameters, data, lambda, examples, all: false);
        return Run(parameters, data, examples, all: false, lambda, default, withGradient: false);
    }

    private double Run(ReadOnlySpan<float> parameters, LabeledData data, ReadOnlySpan<int> examples, bool all, float lambda, Span<float> gradient, bool withGradient)
    {
        NetworkArchitecture architecture = Architecture;
        SimdPath path = SimdInfo.ActivePath;
        int m = all ? data.Count : examples.Length;
        int last = architecture.LayerCount - 1;
        if (withGradient)
        {
            gradient[..architecture.ParameterCount].Clear();
        }

        double loss = 0;
        int correct = 0;
        int inputs = architecture.InputCount, outputs = architecture.OutputCount;
        for (int n0 = 0; n0 < m; n0 += Workspace.PanelSize)
        {
            int count = Math.Min(Workspace.PanelSize, m - n0);
            ref float input = ref GatherInputs(data, examples, all, n0, count);
            ForwardPass.RunPanel(architecture, parameters, ref input, inputs, count, workspace);

            Span<float> outputPanel = workspace.PanelActivations(last), deltaPanel = workspace.PanelDeltas(last);
            for (int b = 0; b < count; b++)
            {
                int index = all ? n0 + b : examples[n0 + b];
                ReadOnlySpan<float> y = data.Target(index, workspace.Target);
                ReadOnlySpan<float> output = outputPanel.Slice(b * outputs, outputs);
                loss += SimdKernels.LogLossSum(workspace.PanelLogits.AsSpan(b * outputs, outputs), y);
                correct += ForwardPass.ArgMax(output) == data.LabelUnchecked(index) ? 1 : 0;
                if (withGradient)
                {
                    Span<float> deltaOut = deltaPanel.Slice(b * outputs, outputs);
                    for (int k = 0; k < outputs; k++)
                    {
                        deltaOut[k] = output[k] - y[k];   // δ(L) = a(L) − y
                    }
                }
            }

            if (!withGradient)
            {
                continue;
            }

            // δ(l) = (Θ(l)ᵀδ(l+1))[1..] ⊙ a(l) ⊙ (1 − a(l)) for l = L−1 … 2; there is no δ(1), so Θ(1)ᵀδ(2) is never formed.
            for (int l = last - 1; l >= 1; l--)
            {
                int units = architecture.LayerSizes[l];
                int rows = architecture.LayerSizes[l + 1];
                ref float theta = ref MemoryMarshal.GetReference(parameters[architecture.ThetaOffset(l)..]);
                for (int b = 0; b < count; b++)
                {
                    SimdKernels.BackpropDeltaUnchecked(
                        path,
                        ref theta,
                        rows,
                        units,
                        ref MemoryMarshal.GetReference(workspace.PanelDeltas(l + 1)[(b * rows)..]),
                        ref MemoryMarshal.GetReference(workspace.PanelActivations(l)[(b * units)..]),
                        ref MemoryMarshal.GetReference(workspace.PanelDeltas(l)[(b * units)..]));
                }
            }

            // Δ(l) += Σ_b δ(l+1)_b·[1; a(l)_b]ᵀ, a rank-`count` update per layer.
            for (int l = 0; l < last; l++)
            {
                int units = architecture.LayerSizes[l + 1];
                int width = architecture.LayerSizes[l];
                SimdKernels.AddOuterProductsBiasColumnUnchecked(
                    path,
                    ref MemoryMarshal.GetReference(workspace.PanelDeltas(l + 1)),
                    units,
                    ref l == 0 ? ref input : ref MemoryMarshal.GetReference(workspace.PanelActivations(l)),
                    width,
                    width,
                    count,
                    ref MemoryMarshal.GetReference(gradient[architecture.ThetaOffset(l)..]));
            }
        }

        double regularization = 0;
        float inverseM = 1f / m;
        for (int l = 0; l < last; l++)
        {
            int rows = architecture.ThetaRows(l);
            int columns = architecture.ThetaColumns(l);
            int offset = architecture.ThetaOffset(l);
            for (int i = 0; i < rows; i++)
            {
                ReadOnlySpan<float> weights = parameters.Slice(offset + (i * columns) + 1, columns - 1);
                regularization += SimdKernels.Dot(path, weights, weights);
                if (withGradient)
                {
                    // D = (Δ + λΘ)/m off the bias column, Δ/m on it.
                    Span<float> row = gradient.Slice(offset + (i * columns), columns);
                    SimdKernels.Axpy(path, lambda, weights, row[1..]);
                    SimdKernels.Scale(path, row, inverseM, row);
                }
            }
        }

        LastCorrectCount = correct;
        return (loss / m) + (lambda / (2.0 * m) * regularization);
    }

    /// <summary>
    /// The input rows of a panel: read in place when the examples are consecutive, otherwise copied
    /// into the workspace's panel input (the kernels want rows a fixed stride apart).
    /// </summary>
    private ref float GatherInputs(LabeledData data, ReadOnlySpan<int> examples, bool all, int first, int count)
    {
        int n = data.FeatureCount;
        if (all)
        {
            return ref MemoryMarshal.GetReference(data.FeaturesUnchecked(first));
        }

        Span<float> panel = workspace.PanelInput;
        for (int b = 0; b < count; b++)
        {
            data.FeaturesUnchecked(examples[first + b]).CopyTo(panel.Slice(b * n, n));
        }

        return ref MemoryMarshal.GetReference(panel);
    }

    private void Check(ReadOnlySpan<float> parameters, LabeledData data, float lambda, ReadOnlySpan<int> examples, bool all)
    {
        ArgumentNullException.ThrowIfNull(data);
        NetworkArchitecture architecture = Architecture;
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException(
                $"A {architecture} network has {architecture.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }

        if (data.FeatureCount != architecture.InputCount)
        {
            throw new ArgumentException($"The data has {data.FeatureCount} features per example but the network takes {architecture.InputCount}.", nameof(data));
        }

        if (data.OutputCount != architecture.OutputCount)
        {
            throw new ArgumentException($"The data has {data.OutputCount} outputs (classes) per example but the network has {architecture.OutputCount}.", nameof(data));
        }

        if (!(lambda >= 0f) || float.IsPositiveInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a finite number ≥ 0.");
        }

        if (!all)
        {
            if (examples.IsEmpty)
            {
                throw new ArgumentException("At least one example is needed.", nameof(examples));
            }

            foreach (int i in examples)
            {
                if ((uint)i >= (uint)data.Count)
                {
                    throw new ArgumentOutOfRangeException(nameof(examples), i, $"Example index must be in 0 … {data.Count - 1}.");
                }
            }
        }
    }

    private static void CheckGradient(ReadOnlySpan<float> parameters, Span<float> gradient)
    {
        if (gradient.Length < parameters.Length)
        {
            throw new ArgumentException($"'{nameof(gradient)}' has {gradient.Length} elements but there are {parameters.Length} parameters.", nameof(gradient));
        }

        if (parameters.Overlaps(gradient))
        {
            throw new ArgumentException($"'{nameof(gradient)}' must not overlap the parameters.", nameof(gradient));
        }
    }
}
