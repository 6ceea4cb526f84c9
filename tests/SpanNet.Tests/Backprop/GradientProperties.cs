using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SpanNet.Backprop;
using SpanNet.Networks;

namespace SpanNet.Tests.Backprop;

/// <summary>
/// The gradient is the true gradient of J: FsCheck over random architectures (2–5 layers, widths
/// 1–40), m = 1…16, λ ∈ [0, 10], one-hot or multi-label targets and parameters from small to saturating.
/// </summary>
public class GradientProperties
{
    /// <summary>(a) Against float64 central differences of the independent reference cost.</summary>
    public const double ReferenceTolerance = 1e-4;

    /// <summary>(b) Against central differences of the library's own float cost (float rounding in J limits it).</summary>
    public const double FloatCostTolerance = 2e-2;

    /// <summary>Coordinates compared per case (all of them for small networks), to bound the run time.</summary>
    private const int CoordinatesPerCase = 48;

    private static readonly int CaseCount = PropertyScale.Cases(100);

    [Fact]
    public void LibraryGradientMatchesReferenceCentralDifferences() =>
        Check(GradientCase.Arbitrary(), c =>
        {
            (double[] theta, double[][] x, double[][] y) = c.AsDouble();
            var reference = new ReferenceNetwork(c.Layers);
            float[] gradient = LibraryGradient(c);
            int[] coordinates = Coordinates(c, reference.ParameterCount);
            double[] numeric = NumericAt(reference, theta, x, y, c.Lambda, coordinates);
            double error = ReferenceNetwork.RelativeError([.. coordinates.Select(i => (double)gradient[i])], numeric);
            return (error <= ReferenceTolerance).Label($"relative error {error:E3}");
        });

    [Fact]
    public void LibraryGradientMatchesCentralDifferencesOfItsOwnFloatCost() =>
        Check(GradientCase.Arbitrary(), c =>
        {
            (float[] parameters, _, _) = c.Materialize();
            var backprop = new Backpropagation(c.Architecture);
            var data = c.Data();
            float[] gradient = LibraryGradient(c);
            int[] coordinates = Coordinates(c, parameters.Length);
            const float epsilon = 4e-3f;
            double[] numeric = new double[coordinates.Length];
            for (int n = 0; n < coordinates.Length; n++)
            {
                int i = coordinates[n];
                float saved = parameters[i];
                parameters[i] = saved + epsilon;
                double plus = backprop.Cost(parameters, data, (float)c.Lambda);
                parameters[i] = saved - epsilon;
                double minus = backprop.Cost(parameters, data, (float)c.Lambda);
                parameters[i] = saved;
                numeric[n] = (plus - minus) / (2.0 * epsilon);
            }

            double[] analytic = [.. coordinates.Select(i => (double)gradient[i])];
            double error = ReferenceNetwork.RelativeError(analytic, numeric);
            return (error <= FloatCostTolerance || (GradientIsBelowFloatNoise(numeric) && GradientIsBelowFloatNoise(analytic))).Label($"relative error {error:E3}");
        });

    [Fact]
    public void LibraryCostEqualsReferenceCost() =>
        Check(GradientCase.Arbitrary(), c =>
        {
            (double[] theta, double[][] x, double[][] y) = c.AsDouble();
            double expected = new ReferenceNetwork(c.Layers).Cost(theta, x, y, c.Lambda);
            (float[] parameters, _, _) = c.Materialize();
            double actual = new Backpropagation(c.Architecture).Cost(parameters, c.Data(), (float)c.Lambda);
            double error = Math.Abs(actual - expected) / (1 + Math.Abs(expected));
            return (error <= 1e-5).Label($"J = {actual:R}, reference {expected:R}, relative error {error:E3}");
        });

    [Fact]
    public void IndependentReferenceBackpropPassesItsOwnCheck() =>
        Check(GradientCase.Arbitrary(), c => CheckerVerdict(c, GradientBug.None).IsWithin(ReferenceTolerance));

    /// <summary>
    /// The bug adds λ/m·θ to each bias gradient. When every bias is nearly 0 (one output unit whose
    /// bias drew ~1e-5, as a CI run once met) that change is below the tolerance and no checker can
    /// see it; such cases are discarded, the rest (the change at least 10× the tolerance) must fail.
    /// </summary>
    [Fact]
    public void CheckerRejectsARegularizedBiasColumn() =>
        Check(GradientCase.Arbitrary(minLambda: 1, minExamples: 1), c =>
            (!CheckerVerdict(c, GradientBug.RegularizedBias).IsWithin(ReferenceTolerance)).When(BugShare(c, GradientBug.RegularizedBias) >= 10 * ReferenceTolerance));

    /// <summary>The bug adds λ(1 − 1/m)·θ to each weight gradient; as above, cases where that is below what the checker can see are discarded.</summary>
    [Fact]
    public void CheckerRejectsLambdaInsteadOfLambdaOverM() =>
        Check(GradientCase.Arbitrary(minLambda: 1, minExamples: 2), c =>
            (!CheckerVerdict(c, GradientBug.LambdaNotOverM).IsWithin(ReferenceTolerance)).When(BugShare(c, GradientBug.LambdaNotOverM) >= 10 * ReferenceTolerance));

    /// <summary>
    /// The hidden δ's only reach the gradients of Θ(1) … Θ(L−2), so those are the coordinates
    /// compared, with λ = 0 so that the regularization term (the same in both) cannot hide the error.
    /// </summary>
    [Fact]
    public void CheckerRejectsADroppedSigmoidDerivative() =>
        Check(GradientCase.Arbitrary(minLayers: 3), c => !CheckerVerdict(c with { Lambda = 0 }, GradientBug.DroppedSigmoidDerivative, hiddenOnly: true).IsWithin(ReferenceTolerance));

    [Fact]
    public void GradientIsBitIdenticalRunToRun() =>
        Check(GradientCase.Arbitrary(), c =>
        {
            float[] first = LibraryGradient(c), second = LibraryGradient(c);
            return first.AsSpan().SequenceEqual(second);
        });

    private static void Check(Arbitrary<GradientCase> cases, Func<GradientCase, Property> property) =>
        Prop.ForAll(cases, property).Check(Config.QuickThrowOnFailure.WithMaxTest(CaseCount).WithQuietOnSuccess(true));

    private static void Check(Arbitrary<GradientCase> cases, Func<GradientCase, bool> property) =>
        Prop.ForAll(cases, property).Check(Config.QuickThrowOnFailure.WithMaxTest(CaseCount).WithQuietOnSuccess(true));

    private static GradientCheckResult CheckerVerdict(GradientCase c, GradientBug bug, bool hiddenOnly = false)
    {
        (double[] theta, double[][] x, double[][] y) = c.AsDouble();
        var reference = new ReferenceNetwork(c.Layers);
        double[] gradient = reference.Gradient(theta, x, y, c.Lambda, bug);
        int[] coordinates = CheckedCoordinates(c, reference, bug, hiddenOnly);
        double[] numeric = NumericAt(reference, theta, x, y, c.Lambda, coordinates);
        return GradientChecker.Compare([.. coordinates.Select(i => gradient[i])], numeric);
    }

    /// <summary>How far the bug moves the reference gradient, in the checker's relative measure, over the coordinates <see cref="CheckerVerdict"/> compares.</summary>
    private static double BugShare(GradientCase c, GradientBug bug)
    {
        (double[] theta, double[][] x, double[][] y) = c.AsDouble();
        var reference = new ReferenceNetwork(c.Layers);
        double[] correct = reference.Gradient(theta, x, y, c.Lambda, GradientBug.None), wrong = reference.Gradient(theta, x, y, c.Lambda, bug);
        int[] coordinates = CheckedCoordinates(c, reference, bug);
        return ReferenceNetwork.RelativeError([.. coordinates.Select(i => wrong[i])], [.. coordinates.Select(i => correct[i])]);
    }

    private static float[] LibraryGradient(GradientCase c)
    {
        (float[] parameters, _, _) = c.Materialize();
        float[] gradient = new float[parameters.Length];
        new Backpropagation(c.Architecture).CostAndGradient(parameters, c.Data(), (float)c.Lambda, gradient);
        return gradient;
    }

    /// <summary>The coordinates <see cref="CheckerVerdict"/> compares for <paramref name="bug"/>: with every bias when the bug is in the biases, only Θ(1) … Θ(L−2) when <paramref name="hiddenOnly"/>.</summary>
    private static int[] CheckedCoordinates(GradientCase c, ReferenceNetwork reference, GradientBug bug, bool hiddenOnly = false)
    {
        int count = hiddenOnly ? c.Architecture.ThetaOffset(c.Architecture.ThetaCount - 1) : reference.ParameterCount;
        return Coordinates(c, count, includeEveryBias: bug == GradientBug.RegularizedBias);
    }

    /// <summary>All coordinates for small networks, else a seeded sample (optionally with every bias weight).</summary>
    private static int[] Coordinates(GradientCase c, int count, bool includeEveryBias = false)
    {
        if (count <= CoordinatesPerCase)
        {
            return [.. Enumerable.Range(0, count)];
        }

        var random = new Random(c.Seed ^ 0x5eed);
        var chosen = new SortedSet<int>();
        if (includeEveryBias)
        {
            NetworkArchitecture architecture = c.Architecture;
            for (int l = 0; l < architecture.ThetaCount; l++)
            {
                for (int r = 0; r < architecture.ThetaRows(l); r++)
                {
                    chosen.Add(architecture.ThetaOffset(l) + (r * architecture.ThetaColumns(l)));
                }
            }
        }

        while (chosen.Count < Math.Min(count, CoordinatesPerCase + (includeEveryBias ? chosen.Count : 0)))
        {
            chosen.Add(random.Next(count));
        }

        return [.. chosen];
    }

    private static double[] NumericAt(ReferenceNetwork reference, double[] theta, double[][] x, double[][] y, double lambda, int[] coordinates)
    {
        const double epsilon = 1e-5;
        double[] t = (double[])theta.Clone();
        return
        [
            .. coordinates.Select(i =>
            {
                t[i] = theta[i] + epsilon;
                double plus = reference.Cost(t, x, y, lambda);
                t[i] = theta[i] - epsilon;
                double minus = reference.Cost(t, x, y, lambda);
                t[i] = theta[i];
                return (plus - minus) / (2 * epsilon);
            }),
        ];
    }

    /// <summary>
    /// When every component is below the float cost's own resolution over 2ε, the comparison measures
    /// noise only; the escape needs both sides there, so a wrong analytic gradient never takes it.
    /// </summary>
    private static bool GradientIsBelowFloatNoise(double[] gradient) => gradient.All(g => Math.Abs(g) < 1e-4);
}
