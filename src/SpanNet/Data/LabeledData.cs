using SpanNet.Common;
using SpanNet.Kernels;

namespace SpanNet.Data;

/// <summary>
/// Training or test examples: an m × n feature matrix (row-major, one example per row) and either
/// one class label per example (targets are then one-hot rows of K) or an m × K target matrix
/// (multi-label). Everything is validated and copied once, at construction, so training and
/// evaluation never meet a NaN feature or a label out of range, and later changes to the caller's
/// arrays cannot reach it.
/// </summary>
public sealed class LabeledData
{
    private readonly AlignedBuffer features;
    private readonly float[]? targets;
    private readonly int[]? labels;

    private LabeledData(AlignedBuffer features, int featureCount, float[]? targets, int[]? labels, int outputCount)
    {
        this.features = features;
        this.targets = targets;
        this.labels = labels;
        FeatureCount = featureCount;
        OutputCount = outputCount;
        Count = features.Length / featureCount;
    }

    /// <summary>Number of examples m.</summary>
    public int Count { get; }

    /// <summary>Features per example n (the network's s_1).</summary>
    public int FeatureCount { get; }

    /// <summary>Outputs per example K (the network's s_L).</summary>
    public int OutputCount { get; }

    /// <summary>Whether the examples carry class labels (one-hot targets) rather than target rows.</summary>
    public bool HasClassLabels => labels is not null;

    /// <summary>The whole feature matrix, m × n row-major.</summary>
    public ReadOnlySpan<float> AllFeatures => features.Span;

    /// <summary>
    /// Examples with class labels: example i's target is the one-hot row with a 1 at labels[i].
    /// </summary>
    /// <param name="features">m × featureCount values, row-major, all finite.</param>
    /// <param name="featureCount">n, at least 1.</param>
    /// <param name="labels">m labels, each in 0 … classCount − 1.</param>
    /// <param name="classCount">K, at least 1.</param>
    /// <returns>The validated copy.</returns>
    public static LabeledData FromClassLabels(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<int> labels, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        int count = CheckFeatures(features, featureCount);
        if (labels.Length != count)
        {
            throw new ArgumentException($"There are {count} examples but {labels.Length} labels.", nameof(labels));
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentException($"Label {labels[i]} of example {i} is outside 0 … {classCount - 1}.", nameof(labels));
            }
        }

        return new LabeledData(AlignedBuffer.CopyOf(features), featureCount, null, labels.ToArray(), classCount);
    }

    /// <summary>Examples with explicit target rows (for example multi-label 0/1 targets).</summary>
    /// <param name="features">m × featureCount values, row-major, all finite.</param>
    /// <param name="featureCount">n, at least 1.</param>
    /// <param name="targets">m × outputCount values, row-major, each in [0, 1].</param>
    /// <param name="outputCount">K, at least 1.</param>
    /// <returns>The validated copy.</returns>
    public static LabeledData FromTargets(ReadOnlySpan<float> features, int featureCount, ReadOnlySpan<float> targets, int outputCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputCount, 1);
        int count = CheckFeatures(features, featureCount);
        if (targets.Length != (long)count * outputCount)
        {
            throw new ArgumentException($"{count} examples × {outputCount} outputs need {(long)count * outputCount} targets; got {targets.Length}.", nameof(targets));
        }

        for (int i = 0; i < targets.Length; i++)
        {
            if (!(targets[i] >= 0f && targets[i] <= 1f))
            {
                throw new ArgumentException($"Target {i % outputCount} of example {i / outputCount} is {targets[i]}; targets must be in [0, 1].", nameof(targets));
            }
        }

        return new LabeledData(AlignedBuffer.CopyOf(features), featureCount, targets.ToArray(), null, outputCount);
    }

    /// <summary>The features of example <paramref name="index"/>.</summary>
    /// <param name="index">0 … Count − 1.</param>
    /// <returns>n values.</returns>
    public ReadOnlySpan<float> Features(int index)
    {
        CheckIndex(index);
        return features.Span.Slice(index * FeatureCount, FeatureCount);
    }

    /// <summary>The class label of example <paramref name="index"/>: the given label, or the argmax of its target row.</summary>
    /// <param name="index">0 … Count − 1.</param>
    /// <returns>The class index.</returns>
    public int Label(int index)
    {
        CheckIndex(index);
        return LabelUnchecked(index);
    }

    /// <summary>
    /// Splits off a validation set: a seeded shuffle, then the last ⌈fraction·m⌉ examples (at least
    /// one, leaving at least one for training).
    /// </summary>
    /// <param name="validationFraction">In (0, 1).</param>
    /// <param name="seed">The shuffle seed.</param>
    /// <returns>The two disjoint subsets.</returns>
    public (LabeledData Training, LabeledData Validation) Split(double validationFraction, ulong seed)
    {
        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "The validation fraction must be in (0, 1).");
        }

        if (Count < 2)
        {
            throw new InvalidOperationException("Splitting needs at least two examples.");
        }

        int[] order = [.. Enumerable.Range(0, Count)];
        new Common.SeededRandom(seed).Shuffle(order.AsSpan());
        int validationCount = Math.Clamp((int)Math.Ceiling(validationFraction * Count), 1, Count - 1);
        return (Subset(order.AsSpan(0, Count - validationCount)), Subset(order.AsSpan(Count - validationCount)));
    }

    /// <summary>The same examples and targets with new features (for example after input scaling).</summary>
    /// <param name="features">Count × FeatureCount finite values.</param>
    /// <returns>The validated copy.</returns>
    public LabeledData WithFeatures(ReadOnlySpan<float> features)
    {
        if (features.Length != this.features.Length)
        {
            throw new ArgumentException($"Expected {Count} × {FeatureCount} = {this.features.Length} features; got {features.Length}.", nameof(features));
        }

        CheckFeatures(features, FeatureCount);
        return new LabeledData(AlignedBuffer.CopyOf(features), FeatureCount, targets, labels, OutputCount);
    }

    internal int LabelUnchecked(int index)
    {
        if (labels is not null)
        {
            return labels[index];
        }

        return SimdKernels.ArgMax(targets.AsSpan(index * OutputCount, OutputCount));
    }

    /// <summary>The examples at <paramref name="indices"/>, in that order (a validated copy).</summary>
    /// <param name="indices">Example indices, each in 0 … Count − 1; at least one.</param>
    /// <returns>The subset.</returns>
    public LabeledData Subset(ReadOnlySpan<int> indices)
    {
        if (indices.IsEmpty)
        {
            throw new ArgumentException("A subset needs at least one example.", nameof(indices));
        }

        var f = new AlignedBuffer(indices.Length * FeatureCount);
        float[]? t = targets is null ? null : new float[indices.Length * OutputCount];
        int[]? l = labels is null ? null : new int[indices.Length];
        for (int n = 0; n < indices.Length; n++)
        {
            int i = indices[n];
            CheckIndex(i);
            Features(i).CopyTo(f.Span[(n * FeatureCount)..]);
            if (t is not null)
            {
                targets.AsSpan(i * OutputCount, OutputCount).CopyTo(t.AsSpan(n * OutputCount));
            }

            if (l is not null)
            {
                l[n] = labels![i];
            }
        }

        return new LabeledData(f, FeatureCount, t, l, OutputCount);
    }

    /// <summary>
    /// Writes example <paramref name="index"/>'s target row into <paramref name="row"/>: the stored
    /// row, or for a class label only the 1 of the one-hot row (the caller has cleared the row).
    /// </summary>
    internal void WriteTarget(int index, Span<float> row)
    {
        if (labels is null)
        {
            targets.AsSpan(index * OutputCount, OutputCount).CopyTo(row);
        }
        else
        {
            row[labels[index]] = 1f;
        }
    }

    internal ReadOnlySpan<float> FeaturesUnchecked(int index) => features.Span.Slice(index * FeatureCount, FeatureCount);

    private static int CheckFeatures(ReadOnlySpan<float> features, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.IsEmpty || features.Length % featureCount != 0)
        {
            throw new ArgumentException(
                $"The feature matrix has {features.Length} values, which is not a positive multiple of {featureCount} features per example.", nameof(features));
        }

        Guard.FiniteFeatures(features, featureCount, nameof(features));
        return features.Length / featureCount;
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Example index must be in 0 … {Count - 1}.");
        }
    }
}
