using System.Runtime.CompilerServices;
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
/// a finite cost and gradient.
/// <para>
/// The examples are cut into fixed chunks of <see cref="ChunkSize"/>; each chunk's Δ and loss are
/// summed from zero and the chunks are added in chunk order, so the result is bit-identical whatever
/// the number of threads (and run to run). With <c>maxThreads</c> &gt; 1 the chunks are spread over
/// that many cores. After the first call with a given example count nothing is allocated.
/// An instance is not thread-safe: use one per thread.
/// </para>
/// </summary>
public sealed unsafe class Backpropagation : IChunkedJob
{
    /// <summary>Examples per chunk (a multiple of the panel size); fixed so results do not depend on the thread count.</summary>
    public const int ChunkSize = 128;

    /// <summary>How many pieces the parameter vector is cut into for the parallel reduction (the sums do not depend on it).</summary>
    private const int ReductionSlices = 8;

    private readonly Workspace[] workspaces;
    private readonly Reduction reduction;
    private readonly AlignedTheta theta;
    private int jobChunks;
    private AlignedTheta[] chunkDeltas = [];
    private double[] chunkLoss = [];
    private int[] chunkCorrect = [];

    // The arguments of the call in progress, for the workers (pinned for its duration).
    private int* jobExamples;
    private LabeledData? jobData;
    private bool jobAll;
    private bool jobWithGradient;
    private int jobCount;
    private int* jobNextExamples;
    private int jobNextCount;

    /// <summary>Builds the workspaces for <paramref name="architecture"/>.</summary>
    /// <param name="architecture">The layer sizes.</param>
    /// <param name="maxThreads">How many threads a call may use: 1 (the default) keeps everything on the calling thread, as a latency-sensitive service wants; <see cref="Environment.ProcessorCount"/> uses every core.</param>
    public Backpropagation(NetworkArchitecture architecture, int maxThreads = 1)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxThreads, 1);
        Architecture = architecture;
        MaxThreads = Math.Min(maxThreads, ChunkScheduler.HelperCount + 1);
        workspaces = [.. Enumerable.Range(0, MaxThreads).Select(_ => new Workspace(architecture))];
        theta = new AlignedTheta(architecture);
        reduction = new Reduction(this);
    }

    /// <summary>The layer sizes this instance works on.</summary>
    public NetworkArchitecture Architecture { get; }

    /// <summary>The most threads a call uses (the requested number, capped at the processor count).</summary>
    public int MaxThreads { get; }

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

    /// <summary>The length of the aligned copy of Θ (padding included) that <see cref="CostAndUpdate"/> steps.</summary>
    internal int AlignedLength => theta.Span.Length;

    /// <summary>Makes <paramref name="parameters"/> the point <see cref="CostAndUpdate"/> starts from (copied into the aligned layout).</summary>
    internal void LoadParameters(ReadOnlySpan<float> parameters)
    {
        CheckParameters(parameters);
        theta.CopyFrom(parameters);
    }

    /// <summary>Writes the point <see cref="CostAndUpdate"/> has reached to <paramref name="parameters"/>, in the textbook layout.</summary>
    internal void StoreParameters(Span<float> parameters)
    {
        CheckParameters(parameters);
        theta.CopyTo(parameters);
    }

    /// <summary>
    /// J(Θ) on the minibatch at the point of the last <see cref="LoadParameters"/> or of the call
    /// before, and <paramref name="update"/> applied there with ∇J, which is formed region by
    /// region in the same pass and never stored: the minibatch optimizers' fused path. The point
    /// lives in the same aligned copy the public calls fill, so a <see cref="Cost(ReadOnlySpan{float}, LabeledData, float)"/>
    /// or <see cref="CostAndGradient(ReadOnlySpan{float}, LabeledData, float, Span{float})"/> call on
    /// this instance in between replaces it: the trainer uses one instance for its steps only.
    /// </summary>
    /// <param name="data">The examples.</param>
    /// <param name="examples">Indices into <paramref name="data"/>, at least one.</param>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <param name="update">The optimizer step.</param>
    /// <param name="nextExamples">The next minibatch's indices into <paramref name="data"/> (empty if unknown): its first panel's rows are prefetched during this batch's last backward pass, so they arrive while Δ is summed and the step is made.</param>
    /// <returns>The cost J of the minibatch before the step.</returns>
    internal double CostAndUpdate(LabeledData data, ReadOnlySpan<int> examples, float lambda, IAlignedUpdate update, ReadOnlySpan<int> nextExamples = default)
    {
        CheckData(data, lambda, examples, all: false);
        CheckIndices(data, nextExamples, nameof(nextExamples));
        int m = examples.Length;

        // When chunks run on several cores, the worker with the last chunk would fetch the rows into
        // its own core's cache, while the next batch's first chunk runs on this thread: fetch them here.
        bool parallel = MaxThreads > 1 && m > ChunkSize;
        double loss;
        fixed (int* next = nextExamples)
        {
            jobNextExamples = next;
            jobNextCount = parallel ? 0 : nextExamples.Length;
            try
            {
                loss = RunChunks(data, examples, all: false, withGradient: true);
            }
            finally
            {
                jobNextExamples = null;
                jobNextCount = 0;
            }
        }

        if (parallel)
        {
            PrefetchPanel(data, nextExamples, all: false, 0, nextExamples.Length);
        }

        SimdPath path = SimdInfo.ActivePath;
        AlignedTheta delta = chunkDeltas[0];
        float inverseM = 1f / m;
        double regularization = 0;
        for (int l = 0; l < Architecture.ThetaCount; l++)
        {
            (int start, int length) = theta.WeightRegion(l);
            regularization += update.Update(path, ref delta.Span[start], ref theta.Span[start], start, length, regularized: true, lambda, inverseM);
            (start, length) = theta.BiasRegion(l);
            update.Update(path, ref delta.Span[start], ref theta.Span[start], start, length, regularized: false, lambda, inverseM);
        }

        return RegularizedCost(loss, regularization, m, lambda);
    }

    private double Run(ReadOnlySpan<float> parameters, LabeledData data, ReadOnlySpan<int> examples, bool all, float lambda, Span<float> gradient, bool withGradient)
    {
        NetworkArchitecture architecture = Architecture;
        SimdPath path = SimdInfo.ActivePath;
        int m = all ? data.Count : examples.Length;
        PrefetchPanel(data, examples, all, 0, m);   // the first panel's rows arrive while Θ is copied
        theta.CopyFrom(parameters);
        double loss = RunChunks(data, examples, all, withGradient);

        double regularization = 0;
        float inverseM = 1f / m;
        for (int l = 0; l < architecture.ThetaCount; l++)
        {
            int rows = architecture.ThetaRows(l);
            int columns = architecture.ThetaColumns(l);
            int offset = architecture.ThetaOffset(l);
            ThetaRows delta = withGradient ? chunkDeltas[0].Layer(l) : default;
            ThetaRows weightRows = theta.Layer(l);
            for (int i = 0; i < rows; i++)
            {
                if (withGradient)
                {
                    // D = (Δ + λΘ)/m off the bias column, Δ/m on it, written in the textbook
                    // layout from the aligned Δ; Σθ² in the same pass.
                    Span<float> row = gradient.Slice(offset + (i * columns), columns);
                    row[0] = delta.BiasOf(i) * inverseM;
                    regularization += SimdKernels.RegularizeGradientUnchecked(
                        path, ref delta.Row(i), ref weightRows.Row(i), ref row[1], columns - 1, lambda, inverseM);
                }
                else
                {
                    ReadOnlySpan<float> weights = MemoryMarshal.CreateReadOnlySpan(ref weightRows.Row(i), columns - 1);
                    regularization += SimdKernels.Dot(path, weights, weights);
                }
            }
        }

        return RegularizedCost(loss, regularization, m, lambda);
    }

    /// <summary>J = (1/m)·Σ loss + (λ/2m)·Σθ² (bias columns excluded from Σθ²).</summary>
    private static double RegularizedCost(double loss, double sumOfSquares, int m, float lambda) => (loss / m) + (lambda / (2.0 * m) * sumOfSquares);

    /// <summary>
    /// The examples' loss summed (and Δ summed into chunk 0's buffer) at the aligned Θ, chunk by
    /// chunk on as many threads as allowed; sets <see cref="LastCorrectCount"/>.
    /// </summary>
    private double RunChunks(LabeledData data, ReadOnlySpan<int> examples, bool all, bool withGradient)
    {
        SimdPath path = SimdInfo.ActivePath;
        int m = all ? data.Count : examples.Length;
        int chunks = (m + ChunkSize - 1) / ChunkSize;
        EnsureChunkBuffers(chunks, withGradient);
        fixed (int* e = examples)
        {
            jobExamples = e;
            jobData = data;
            jobAll = all;
            jobWithGradient = withGradient;
            jobCount = m;
            try
            {
                if (MaxThreads > 1 && chunks > 1)
                {
                    ChunkScheduler.Run(this, chunks, MaxThreads);
                    if (withGradient)
                    {
                        // The chunk sums in chunk order, every element as before, but the parameter
                        // vector split among the workers (a serial pass over 39 chunk buffers was
                        // 4% of a two-core 400-25-10 call).
                        jobChunks = chunks;
                        ChunkScheduler.Run(reduction, ReductionSlices, MaxThreads);
                    }
                }
                else
                {
                    for (int c = 0; c < chunks; c++)
                    {
                        RunChunk(c, 0);
                        if (withGradient && c > 0)
                        {
                            Span<float> sum = chunkDeltas[0].Span, partial = chunkDeltas[1].Span;
                            SimdKernels.AxpyUnchecked(path, 1f, ref MemoryMarshal.GetReference(partial), ref MemoryMarshal.GetReference(sum), sum.Length);
                        }
                    }
                }
            }
            finally
            {
                jobData = null;
            }
        }

        // Chunks in order, whichever thread computed them: the same sums for any thread count.
        double loss = 0;
        int correct = 0;
        for (int c = 0; c < chunks; c++)
        {
            loss += chunkLoss[c];
            correct += chunkCorrect[c];
        }

        LastCorrectCount = correct;
        return loss;
    }

    /// <summary>
    /// Forward, loss, backward and Δ for examples [chunk·ChunkSize, …) on panels of
    /// <see cref="Workspace.PanelSize"/>, reading Θ from the aligned copy and summing Δ into the
    /// chunk's aligned buffer; a chunk's first panel writes its Δ rather than adding to it, so no
    /// buffer is cleared first.
    /// </summary>
    void IChunkedJob.RunChunk(int chunk, int worker) => RunChunk(chunk, worker);

    private void RunChunk(int chunk, int worker)
    {
        NetworkArchitecture architecture = Architecture;
        SimdPath path = SimdInfo.ActivePath;
        Workspace workspace = workspaces[worker];
        LabeledData data = jobData!;
        bool all = jobAll, withGradient = jobWithGradient;
        var examples = new ReadOnlySpan<int>(jobExamples, all ? 0 : jobCount);
        AlignedTheta? delta = withGradient ? ChunkDelta(chunk) : null;

        int first = chunk * ChunkSize, end = Math.Min(jobCount, first + ChunkSize);
        int last = architecture.LayerCount - 1;
        int outputs = architecture.OutputCount;
        double loss = 0;
        int correct = 0;
        for (int n0 = first; n0 < end; n0 += Workspace.PanelSize)
        {
            int count = Math.Min(Workspace.PanelSize, end - n0);
            PanelRows input = PanelInput(data, examples, all, n0);
            ForwardPass.RunPanel(architecture, theta, input, count, workspace);

            int panelOutputs = count * outputs;
            Span<float> outputPanel = workspace.PanelActivations(last)[..panelOutputs];
            Span<float> targetPanel = workspace.PanelTargets.AsSpan(0, panelOutputs);
            if (data.HasClassLabels)
            {
                targetPanel.Clear();
            }

            for (int b = 0; b < count; b++)
            {
                int index = all ? n0 + b : examples[n0 + b];
                data.WriteTarget(index, targetPanel.Slice(b * outputs, outputs));
                correct += SimdKernels.ArgMax(outputPanel.Slice(b * outputs, outputs)) == data.LabelUnchecked(index) ? 1 : 0;
            }

            // The loss and δ(L) of the whole panel in one call each: K outputs alone are too few for the vector body.
            loss += SimdKernels.LogLossSumUnchecked(ref MemoryMarshal.GetArrayDataReference(workspace.PanelLogits), ref MemoryMarshal.GetReference(targetPanel), panelOutputs);
            if (!withGradient)
            {
                continue;
            }

            // δ(L) = a(L) − y as a + (−1)·y: the FMA rounds once, exactly as the subtraction does.
            Span<float> deltaPanel = workspace.PanelDeltas(last);
            outputPanel.CopyTo(deltaPanel);
            SimdKernels.AxpyUnchecked(path, -1f, ref MemoryMarshal.GetReference(targetPanel), ref MemoryMarshal.GetReference(deltaPanel), panelOutputs);

            // The next panel's input rows (of the next chunk, after a chunk's last panel; of the
            // next minibatch, after the last panel of all), wanted by its forward pass right after
            // this panel's backward pass, are asked into L2 now: they come from memory, and the
            // hardware prefetcher, idle during the backward pass, starts each short row stream late.
            if (n0 + Workspace.PanelSize < jobCount)
            {
                PrefetchPanel(data, examples, all, n0 + Workspace.PanelSize, jobCount);
            }
            else if (jobNextCount > 0)
            {
                PrefetchPanel(data, new ReadOnlySpan<int>(jobNextExamples, jobNextCount), all: false, 0, jobNextCount);
            }

            // δ(l) = (Θ(l)ᵀδ(l+1))[1..] ⊙ a(l) ⊙ (1 − a(l)) for l = L−1 … 2; there is no δ(1), so Θ(1)ᵀδ(2) is never formed.
            for (int l = last - 1; l >= 1; l--)
            {
                ThetaRows weights = theta.Layer(l);
                SimdKernels.BackpropDeltaPanelUnchecked(
                    path,
                    ref weights.Weights,
                    weights.Stride,
                    architecture.LayerSizes[l + 1],
                    architecture.LayerSizes[l],
                    ref MemoryMarshal.GetReference(workspace.PanelDeltas(l + 1)),
                    ref MemoryMarshal.GetReference(workspace.PanelActivations(l)),
                    count,
                    ref MemoryMarshal.GetReference(workspace.PanelDeltas(l)));
            }

            // Δ(l) += Σ_b δ(l+1)_b·[1; a(l)_b]ᵀ, a rank-`count` update per layer; the chunk's first
            // panel writes Δ instead of adding to it (no clearing pass before).
            for (int l = 0; l < last; l++)
            {
                int units = architecture.LayerSizes[l + 1];
                int width = architecture.LayerSizes[l];
                SimdKernels.AddOuterProductsBiasColumnUnchecked(
                    path,
                    ref MemoryMarshal.GetReference(workspace.PanelDeltas(l + 1)),
                    units,
                    l == 0 ? input : new PanelRows(ref MemoryMarshal.GetReference(workspace.PanelActivations(l)), ref MemoryMarshal.GetArrayDataReference(Workspace.ConsecutiveRows), width),
                    width,
                    count,
                    delta!.Layer(l),
                    accumulate: n0 != first);
            }
        }

        chunkLoss[chunk] = loss;
        chunkCorrect[chunk] = correct;
    }

    /// <summary>Asks for the input rows of the panel starting at example <paramref name="first"/> (of <paramref name="count"/>) to be brought into L2.</summary>
    private static void PrefetchPanel(LabeledData data, ReadOnlySpan<int> examples, bool all, int first, int count)
    {
        if (first >= count)
        {
            return;
        }

        PanelInput(data, examples, all, first).PrefetchToL2(Math.Min(Workspace.PanelSize, count - first), data.FeatureCount);
    }

    /// <summary>The input rows of the panel starting at example <paramref name="first"/>: consecutive rows of the data set, or the rows the minibatch's indices name (read in place).</summary>
    private static PanelRows PanelInput(LabeledData data, ReadOnlySpan<int> examples, bool all, int first) => all
        ? new PanelRows(ref MemoryMarshal.GetReference(data.FeaturesUnchecked(first)), ref MemoryMarshal.GetArrayDataReference(Workspace.ConsecutiveRows), data.FeatureCount)
        : new PanelRows(ref MemoryMarshal.GetReference(data.FeaturesUnchecked(0)), ref Unsafe.AsRef(in examples[first]), data.FeatureCount);

    /// <summary>Slice <paramref name="slice"/> of chunk 0's Δ += every other chunk's, chunks 1, 2, … in order.</summary>
    private void ReduceSlice(int slice)
    {
        SimdPath path = SimdInfo.ActivePath;
        Span<float> sum = chunkDeltas[0].Span;
        int count = sum.Length;
        int per = ((count + ReductionSlices - 1) / ReductionSlices + 15) & ~15;
        int start = slice * per, length = Math.Min(per, count - start);
        if (length <= 0)
        {
            return;
        }

        for (int c = 1; c < jobChunks; c++)
        {
            SimdKernels.AxpyUnchecked(path, 1f, ref chunkDeltas[c].Span[start], ref sum[start], length);
        }
    }

    /// <summary>
    /// Where chunk c sums its Δ: its own buffer when chunks run in parallel; when they run in turn,
    /// chunk 0 in the first buffer and every later chunk in the second, added to the first after it.
    /// </summary>
    private AlignedTheta ChunkDelta(int chunk) => chunkDeltas[MaxThreads > 1 ? chunk : Math.Min(chunk, 1)];

    private void EnsureChunkBuffers(int chunks, bool withGradient)
    {
        if (chunkLoss.Length < chunks)
        {
            chunkLoss = new double[chunks];
            chunkCorrect = new int[chunks];
        }

        int needed = !withGradient ? 0 : MaxThreads > 1 ? chunks : Math.Min(chunks, 2);
        if (chunkDeltas.Length < needed)
        {
            AlignedTheta[] grown = new AlignedTheta[needed];
            chunkDeltas.CopyTo(grown, 0);
            for (int i = chunkDeltas.Length; i < needed; i++)
            {
                grown[i] = new AlignedTheta(Architecture);
            }

            chunkDeltas = grown;
        }
    }

    private void Check(ReadOnlySpan<float> parameters, LabeledData data, float lambda, ReadOnlySpan<int> examples, bool all)
    {
        CheckParameters(parameters);
        CheckData(data, lambda, examples, all);
    }

    private void CheckParameters(ReadOnlySpan<float> parameters)
    {
        NetworkArchitecture architecture = Architecture;
        if (parameters.Length != architecture.ParameterCount)
        {
            throw new ArgumentException(
                $"A {architecture} network has {architecture.ParameterCount} parameters; got {parameters.Length}.", nameof(parameters));
        }
    }

    private void CheckData(LabeledData data, float lambda, ReadOnlySpan<int> examples, bool all)
    {
        ArgumentNullException.ThrowIfNull(data);
        NetworkArchitecture architecture = Architecture;
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

            CheckIndices(data, examples, nameof(examples));
        }
    }

    private static void CheckIndices(LabeledData data, ReadOnlySpan<int> examples, string paramName)
    {
        foreach (int i in examples)
        {
            if ((uint)i >= (uint)data.Count)
            {
                throw new ArgumentOutOfRangeException(paramName, i, $"Example index must be in 0 … {data.Count - 1}.");
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

    /// <summary>The parallel reduction as a job of its own: chunk k is slice k of the parameters.</summary>
    private sealed class Reduction(Backpropagation owner) : IChunkedJob
    {
        public void RunChunk(int chunk, int worker) => owner.ReduceSlice(chunk);
    }
}
