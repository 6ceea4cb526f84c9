using SpanNet.Backprop;
using SpanNet.Data;
using SpanNet.Networks;

namespace SpanNet.AotSmoke;

/// <summary>
/// Backpropagation (the float kernels on the active path) against float64 central differences of the
/// same cost (<see cref="GradientChecker"/>), on small random networks and random data, with the
/// tolerance <c>spannet gradcheck</c> uses: relative difference ‖g − ĝ‖ / (‖g‖ + ‖ĝ‖) ≤ 1e-4.
/// </summary>
internal static class GradientChecks
{
    /// <summary>Layer sizes, examples, λ, seed. The first is <c>spannet gradcheck</c>'s default; the others
    /// have odd widths, a second hidden layer, λ = 0, and more than one 8-example panel with a remainder.</summary>
    private static readonly (int[] Layers, int Examples, float Lambda, ulong Seed)[] Cases =
    [
        ([3, 5, 3], 5, 3f, 1),
        ([4, 7, 6, 3], 11, 0.5f, 2),
        ([20, 17, 10], 9, 1f, 3),
        ([33, 18, 5], 17, 0f, 4),
    ];

    public static void Run(Report report)
    {
        const double tolerance = GradientCheckResult.DefaultTolerance;
        foreach ((int[] layers, int examples, float lambda, ulong seed) in Cases)
        {
            var architecture = new NetworkArchitecture(layers);
            Network network = Network.CreateRandom(architecture, seed);
            LabeledData data = RandomData(architecture, examples, seed);
            GradientCheckResult result = GradientChecker.Check(network, data, lambda);
            string what = $"{examples} examples, λ = {lambda}, {result.CoordinatesChecked} parameters: relative difference {result.RelativeError:G3}";
            report.Check(
                $"gradcheck {architecture}",
                result.IsWithin(tolerance) && result.CoordinatesChecked == architecture.ParameterCount,
                $"{what} <= {tolerance:G3}",
                $"{what} (tolerance {tolerance:G3}); worst parameter {result.WorstIndex}: backprop {result.WorstAnalytic:G9}, numerical {result.WorstNumeric:G9}");
        }
    }

    /// <summary>Features U(−1, 1) and uniformly random class labels.</summary>
    private static LabeledData RandomData(NetworkArchitecture architecture, int count, ulong seed)
    {
        var random = new SplitMix64(seed ^ 0x5DEECE66DUL);
        float[] features = new float[count * architecture.InputCount];
        foreach (ref float x in features.AsSpan())
        {
            x = random.NextSingle(-1, 1);
        }

        int[] labels = new int[count];
        foreach (ref int label in labels.AsSpan())
        {
            label = random.NextInt32(architecture.OutputCount);
        }

        return LabeledData.FromClassLabels(features, architecture.InputCount, labels, architecture.OutputCount);
    }
}
