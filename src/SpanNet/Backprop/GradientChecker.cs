using SpanNet.Common;
using SpanNet.Data;
using SpanNet.Networks;

namespace SpanNet.Backprop;

/// <summary>The outcome of comparing an analytic gradient with a numerical one.</summary>
/// <param name="RelativeError">‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) over the coordinates checked (0 when both are 0).</param>
/// <param name="WorstIndex">The parameter index with the largest |g − ĝ|.</param>
/// <param name="WorstAnalytic">g at <paramref name="WorstIndex"/>.</param>
/// <param name="WorstNumeric">ĝ at <paramref name="WorstIndex"/>.</param>
/// <param name="CoordinatesChecked">How many coordinates were compared.</param>
public readonly record struct GradientCheckResult(double RelativeError, int WorstIndex, double WorstAnalytic, double WorstNumeric, int CoordinatesChecked)
{
    /// <summary>The tolerance <see cref="IsWithin"/> uses by default: above it, a gradient that <see cref="GradientChecker.Check"/> compared in float64 has a real bug.</summary>
    public const double DefaultTolerance = 1e-4;

    /// <summary>Whether <see cref="RelativeError"/> is at most <paramref name="tolerance"/> (and not NaN).</summary>
    /// <param name="tolerance">The largest acceptable relative error.</param>
    /// <returns>True when the gradients agree.</returns>
    public bool IsWithin(double tolerance = DefaultTolerance) => RelativeError <= tolerance;
}

/// <summary>
/// Checks backpropagation against central differences (J(θ + ε·e_i) − J(θ − ε·e_i)) / 2ε of the
/// same cost evaluated in float64, so the numerical side is accurate to ~1e-10 and a relative
/// error above ~1e-4 means a real bug. Cost: two forward passes over the data per coordinate
/// checked; use <c>maxCoordinates</c> on large networks.
/// </summary>
public static class GradientChecker
{
    /// <summary>Compares the network's backprop gradient with float64 central differences.</summary>
    /// <param name="network">The network at the point to check.</param>
    /// <param name="data">The examples.</param>
    /// <param name="lambda">λ ≥ 0.</param>
    /// <param name="epsilon">The finite-difference step (default 1e-4).</param>
    /// <param name="maxCoordinates">Check at most this many coordinates, drawn without replacement by a seeded generator (default: all).</param>
    /// <param name="seed">Seed for choosing the coordinates.</param>
    /// <returns>The comparison.</returns>
    public static GradientCheckResult Check(Network network, LabeledData data, float lambda, double epsilon = 1e-4, int maxCoordinates = int.MaxValue, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(epsilon, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCoordinates, 1);
        NetworkArchitecture architecture = network.Architecture;
        float[] analytic = new float[architecture.ParameterCount];
        new Backpropagation(architecture).CostAndGradient(network.Parameters, data, lambda, analytic);

        int[] coordinates = [.. Enumerable.Range(0, architecture.ParameterCount)];
        if (maxCoordinates < coordinates.Length)
        {
            new SeededRandom(seed).Shuffle(coordinates.AsSpan());
            coordinates = coordinates[..maxCoordinates];
            Array.Sort(coordinates);
        }

        double[] theta = [.. network.Parameters.ToArray().Select(v => (double)v)];
        double[] numeric = new double[coordinates.Length];
        var cost = new Float64Cost(architecture);
        for (int c = 0; c < coordinates.Length; c++)
        {
            int i = coordinates[c];
            double saved = theta[i];
            theta[i] = saved + epsilon;
            double plus = cost.Evaluate(theta, data, lambda);
            theta[i] = saved - epsilon;
            double minus = cost.Evaluate(theta, data, lambda);
            theta[i] = saved;
            numeric[c] = (plus - minus) / (2 * epsilon);
        }

        double[] selected = [.. coordinates.Select(i => (double)analytic[i])];
        GradientCheckResult result = Compare(selected, numeric);
        return result with { WorstIndex = coordinates[result.WorstIndex] };
    }

    /// <summary>‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) and the worst coordinate of two gradients.</summary>
    /// <param name="analytic">g.</param>
    /// <param name="numeric">ĝ, of the same length.</param>
    /// <returns>The comparison (indices are positions in the spans).</returns>
    public static GradientCheckResult Compare(ReadOnlySpan<double> analytic, ReadOnlySpan<double> numeric)
    {
        if (analytic.Length != numeric.Length)
        {
            throw new ArgumentException($"The gradients have different lengths ({analytic.Length} and {numeric.Length}).", nameof(numeric));
        }

        double difference = 0, normA = 0, normN = 0, worst = -1;
        int worstIndex = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double d = analytic[i] - numeric[i];
            difference += d * d;
            normA += analytic[i] * analytic[i];
            normN += numeric[i] * numeric[i];
            if (!(Math.Abs(d) <= worst))
            {
                worst = double.IsNaN(d) ? double.PositiveInfinity : Math.Abs(d);
                worstIndex = i;
            }
        }

        double denominator = Math.Sqrt(normA) + Math.Sqrt(normN);
        double relative = denominator == 0 ? Math.Sqrt(difference) : Math.Sqrt(difference) / denominator;
        return analytic.IsEmpty
            ? new GradientCheckResult(0, 0, 0, 0, 0)
            : new GradientCheckResult(relative, worstIndex, analytic[worstIndex], numeric[worstIndex], analytic.Length);
    }
}
