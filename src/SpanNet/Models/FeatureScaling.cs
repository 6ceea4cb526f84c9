using System.Runtime.InteropServices;
using SpanNet.Kernels;

namespace SpanNet.Models;

/// <summary>How raw features are mapped to network inputs: x' = (x − offset)·scale, per feature.</summary>
public enum ScalingKind
{
    /// <summary>Features are used as they are.</summary>
    None = 0,

    /// <summary>Per feature: (x − mean) / standard deviation (features with no spread are only centred).</summary>
    Standardize = 1,

    /// <summary>Per feature: (x − min) / (max − min) (features with no spread are only shifted).</summary>
    MinMax = 2,
}

/// <summary>
/// Input scaling learned from training data and stored with a model, so that inference takes raw
/// features. Immutable.
/// </summary>
public sealed class FeatureScaling
{
    private readonly float[] offset;
    private readonly float[] scale;

    private FeatureScaling(ScalingKind kind, float[] offset, float[] scale)
    {
        Kind = kind;
        this.offset = offset;
        this.scale = scale;
    }

    /// <summary>The rule the scaling was learned with.</summary>
    public ScalingKind Kind { get; }

    /// <summary>Number of features it applies to.</summary>
    public int FeatureCount => offset.Length;

    /// <summary>Per-feature value subtracted first (mean or minimum).</summary>
    public ReadOnlySpan<float> Offset => offset;

    /// <summary>Per-feature factor applied after the offset (1/std or 1/range; 1 where the feature is constant).</summary>
    public ReadOnlySpan<float> Scale => scale;

    /// <summary>Learns the scaling from a row-major m × n feature matrix.</summary>
    /// <param name="kind">Standardize or MinMax (None gives the identity).</param>
    /// <param name="features">m × featureCount finite values, m ≥ 1.</param>
    /// <param name="featureCount">n.</param>
    /// <returns>The learned scaling.</returns>
    public static FeatureScaling Learn(ScalingKind kind, ReadOnlySpan<float> features, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        if (features.IsEmpty || features.Length % featureCount != 0)
        {
            throw new ArgumentException($"{features.Length} values are not a positive multiple of {featureCount} features.", nameof(features));
        }

        int m = features.Length / featureCount;
        float[] offset = new float[featureCount], scale = new float[featureCount];
        for (int j = 0; j < featureCount; j++)
        {
            double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < m; i++)
            {
                double v = features[(i * featureCount) + j];
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Feature {j} of example {i} is {v}; features must be finite.", nameof(features));
                }

                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            // Two passes: Σ(x − mean)² has no cancellation, unlike E[x²] − mean².
            double mean = sum / m, squares = 0;
            for (int i = 0; i < m; i++)
            {
                double d = features[(i * featureCount) + j] - mean;
                squares += d * d;
            }

            (double o, double spread) = kind switch
            {
                ScalingKind.Standardize => (mean, Math.Sqrt(squares / m)),
                ScalingKind.MinMax => (min, max - min),
                ScalingKind.None => (0.0, 0.0),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scaling kind."),
            };

            // A constant feature's spread is only the double rounding of its mean (~1e-16 relative):
            // centre it, do not blow it up. Two floats one ulp apart (~6e-8 relative) are a real spread.
            // A spread below ~2.9e-38 has no float reciprocal: such a feature is as good as constant.
            bool constant = spread <= 1e-10 * Math.Max(Math.Abs(min), Math.Abs(max)) || spread == 0;
            float reciprocal = (float)(1 / spread);
            offset[j] = (float)o;
            scale[j] = constant || !float.IsFinite(reciprocal) ? 1f : reciprocal;
        }

        return new FeatureScaling(kind, offset, scale);
    }

    /// <summary>Rebuilds a stored scaling (for example from a model file).</summary>
    /// <param name="kind">The rule.</param>
    /// <param name="offset">Per-feature offsets, finite.</param>
    /// <param name="scale">Per-feature factors, finite, of the same length.</param>
    /// <returns>The scaling.</returns>
    public static FeatureScaling FromParameters(ScalingKind kind, ReadOnlySpan<float> offset, ReadOnlySpan<float> scale)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scaling kind.");
        }

        if (offset.Length != scale.Length || offset.IsEmpty)
        {
            throw new ArgumentException($"Offsets ({offset.Length}) and scales ({scale.Length}) must have the same, non-zero length.", nameof(scale));
        }

        if (kind == ScalingKind.None && (offset.ContainsAnyExcept(0f) || scale.ContainsAnyExcept(1f)))
        {
            throw new ArgumentException("A scaling of kind None is the identity: offsets must be 0 and scales 1.", nameof(kind));
        }

        for (int j = 0; j < offset.Length; j++)
        {
            if (!float.IsFinite(offset[j]) || !float.IsFinite(scale[j]))
            {
                throw new ArgumentException($"Scaling of feature {j} is not finite.", nameof(scale));
            }
        }

        return new FeatureScaling(kind, offset.ToArray(), scale.ToArray());
    }

    /// <summary>Scales every row of a row-major m × n feature matrix into a new array, as <see cref="Apply"/> does each row.</summary>
    /// <param name="rawRows">m × n raw features.</param>
    /// <returns>The scaled copy.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of n, or a finite feature scales beyond the float range (the message names the feature and the example; see <see cref="IndexOfOverflow"/>).</exception>
    public float[] ApplyAll(ReadOnlySpan<float> rawRows)
    {
        int n = offset.Length;
        if (rawRows.Length % n != 0)
        {
            throw new ArgumentException($"{rawRows.Length} values are not a whole number of {n}-feature rows.", nameof(rawRows));
        }

        float[] scaled = new float[rawRows.Length];
        for (int start = 0; start < rawRows.Length; start += n)
        {
            ScaleInto(rawRows.Slice(start, n), scaled.AsSpan(start, n), example: start / n, nameof(rawRows));
        }

        return scaled;
    }

    /// <summary>
    /// destination[j] = (raw[j] − offset[j])·scale[j], in float (a subtraction, then a
    /// multiplication). A value so far from its offset that the float difference overflows is
    /// computed in double instead; one whose scaled value lies beyond the float range throws
    /// (<see cref="IndexOfOverflow"/> finds it beforehand). A NaN or ±∞ gives NaN or ±∞.
    /// </summary>
    /// <param name="raw">n raw features.</param>
    /// <param name="destination">Receives n scaled features; may be <paramref name="raw"/> itself (left unchanged if this throws; a separate destination's contents are then unspecified), but not overlap it shifted.</param>
    /// <exception cref="ArgumentException">A length does not match, or a finite feature scales beyond the float range.</exception>
    public void Apply(ReadOnlySpan<float> raw, Span<float> destination)
    {
        CheckFeatureCount(raw);
        if (destination.Length < raw.Length)
        {
            throw new ArgumentException($"'{nameof(destination)}' has {destination.Length} elements; {raw.Length} are needed.", nameof(destination));
        }

        Guard.InPlaceOrNoOverlap(raw, destination, nameof(raw), nameof(destination));
        if (!raw.Overlaps(destination))
        {
            ScaleInto(raw, destination, example: -1, nameof(raw));
            return;
        }

        // In place (no caller on a hot path): refused before anything is written, then element by
        // element, since the double-precision path needs the raw value the vector pass overwrites.
        if (IndexOfOverflow(raw) is int bad and >= 0)
        {
            throw Unscalable(bad, raw[bad], example: -1, nameof(raw));
        }

        for (int j = 0; j < raw.Length; j++)
        {
            destination[j] = ScaleOne(raw[j], j);
        }
    }

    /// <summary>
    /// The index of the first feature that <see cref="Apply"/> would refuse: finite, but so far
    /// outside the range the scaling was learned from that its scaled value lies beyond the float
    /// range; −1 when there is none.
    /// </summary>
    /// <param name="raw">n raw features.</param>
    /// <returns>The index, or −1.</returns>
    public int IndexOfOverflow(ReadOnlySpan<float> raw)
    {
        CheckFeatureCount(raw);
        for (int j = 0; j < raw.Length; j++)
        {
            if (float.IsFinite(raw[j]) && !float.IsFinite(ScaleOne(raw[j], j)))
            {
                return j;
            }
        }

        return -1;
    }

    private void CheckFeatureCount(ReadOnlySpan<float> raw)
    {
        if (raw.Length != offset.Length)
        {
            throw new ArgumentException($"'{nameof(raw)}' has {raw.Length} features but the scaling was learned for {offset.Length}.", nameof(raw));
        }
    }

    private ArgumentException Unscalable(int j, float raw, int example, string parameterName)
    {
        string which = example >= 0 ? $"Feature {j} of example {example}" : $"Feature {j}";
        return new ArgumentException(
            $"{which} is {raw}, which scales to {((double)raw - offset[j]) * scale[j]:G4}, beyond the float range: it lies far outside the values the scaling was learned from (offset {offset[j]}, scale {scale[j]}).",
            parameterName);
    }

    /// <summary>
    /// One feature as <see cref="Apply"/> scales it: the float formula, or, where its difference
    /// overflowed, the double one rounded to float (±∞ when even that is beyond the float range).
    /// </summary>
    private float ScaleOne(float raw, int j)
    {
        float scaled = (raw - offset[j]) * scale[j];
        return float.IsFinite(scaled) || !float.IsFinite(raw) ? scaled : (float)(((double)raw - offset[j]) * scale[j]);
    }

    /// <summary>
    /// The scaling of one example into a destination that does not overlap it; errors name
    /// <paramref name="parameterName"/> and, when ≥ 0, the <paramref name="example"/> (Model passes its own).
    /// </summary>
    internal void ScaleInto(ReadOnlySpan<float> raw, Span<float> destination, int example, string parameterName)
    {
        bool allFinite = SimdKernels.ShiftScaleUnchecked(
            SimdInfo.ActivePath,
            ref MemoryMarshal.GetReference(raw),
            ref MemoryMarshal.GetArrayDataReference(offset),
            ref MemoryMarshal.GetArrayDataReference(scale),
            ref MemoryMarshal.GetReference(destination),
            raw.Length);
        if (allFinite)
        {
            return;
        }

        // raw − offset overflows float for a value far outside the learned range (offset 3e38, value
        // −3e38) although the scaled value is representable: those elements again, in double.
        for (int j = 0; j < raw.Length; j++)
        {
            if (float.IsFinite(destination[j]) || !float.IsFinite(raw[j]))
            {
                continue;
            }

            float scaled = ScaleOne(raw[j], j);
            if (!float.IsFinite(scaled))
            {
                throw Unscalable(j, raw[j], example, parameterName);
            }

            destination[j] = scaled;
        }
    }
}
