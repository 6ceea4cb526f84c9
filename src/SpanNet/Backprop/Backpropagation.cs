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
        for (int n = 0; n < m; n++)
        {
            int index = all ? n : examples[n];
            ReadOnlySpan<float> x = data.FeaturesUnchecked(index);
            ReadOnlySpan<float> y = data.Target(index, workspace.Target);
            ForwardPass.Run(architecture, parameters, x, workspace);
            loss += SimdKernels.LogLossSum(workspace.Logits, y);
            ReadOnlySpan<float> output = workspace.Activations(last);
            if (ForwardPass.ArgMax(output) == data.LabelUnchecked(index))
            {
                correct++;
            }

            if (!withGradient)
            {
                continue;
            }

            Span<float> deltaOut = workspace.Delta(last);
            for (int k = 0; k < deltaOut.Length; k++)
            {
                deltaOut[k] = output[k] - y[k];
            }

            // δ(l) for l = L−1 … 2; there is no δ(1), so Θ(1)ᵀδ(2) is never formed.
            for (int l = last - 1; l >= 1; l--)
            {
                int units = architecture.LayerSizes[l];
                int rows = architecture.LayerSizes[l + 1];
                SimdKernels.BackpropDeltaUnchecked(
                    path,
                    ref MemoryMarshal.GetReference(parameters[architecture.ThetaOffset(l)..]),
                    rows,
                    units,
                    ref MemoryMarshal.GetReference(workspace.Delta(l + 1)),
                    ref MemoryMarshal.GetReference(workspace.Activations(l)),
                    ref MemoryMarshal.GetReference(workspace.Delta(l)));
            }

            // Δ(l) += δ(l+1)·[1; a(l)]ᵀ
            for (int l = 0; l < last; l++)
            {
                ReadOnlySpan<float> a = l == 0 ? x : workspace.Activations(l);
                Span<float> delta = workspace.Delta(l + 1);
                SimdKernels.AddOuterProductUnchecked(
                    path,
                    1f,
                    ref MemoryMarshal.GetReference(delta),
                    delta.Length,
                    ref MemoryMarshal.GetReference(a),
                    a.Length,
                    ref MemoryMarshal.GetReference(gradient[architecture.ThetaOffset(l)..]),
                    biasColumn: true);
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
