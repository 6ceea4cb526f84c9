using FsCheck;
using FsCheck.Fluent;
using SpanNet.Data;
using SpanNet.Networks;

namespace SpanNet.Tests.Backprop;

/// <summary>
/// One random gradient-check problem: architecture, example count, λ, whether targets are one-hot
/// or multi-label, the spread of the parameters, and a seed for parameters and data. Printed as a
/// readable counterexample; shrinks towards fewer and narrower layers, fewer examples and λ = 0.
/// </summary>
public sealed record GradientCase(int[] Layers, int Examples, double Lambda, bool OneHot, double ParameterScale, int Seed)
{
    public override string ToString() =>
        $"layers {string.Join('-', Layers)}, m = {Examples}, λ = {Lambda:R}, {(OneHot ? "one-hot" : "multi-label")}, Θ scale {ParameterScale:R}, seed {Seed}";

    public static Arbitrary<GradientCase> Arbitrary(int minLayers = 2, double minLambda = 0, int minExamples = 1) =>
        Arb.From(Generator(minLayers, minLambda, minExamples), c => Shrink(c, minLayers, minLambda, minExamples));

    public NetworkArchitecture Architecture => new(Layers);

    public (float[] Parameters, float[] Features, float[] Targets) Materialize()
    {
        var random = new Random(Seed);
        float[] parameters = [.. Enumerable.Range(0, Architecture.ParameterCount).Select(_ => (float)(((random.NextDouble() * 2) - 1) * ParameterScale))];
        float[] features = [.. Enumerable.Range(0, Examples * Layers[0]).Select(_ => (float)((random.NextDouble() * 4) - 2))];
        int k = Layers[^1];
        float[] targets = new float[Examples * k];
        for (int i = 0; i < Examples; i++)
        {
            if (OneHot)
            {
                targets[(i * k) + random.Next(k)] = 1f;
            }
            else
            {
                for (int j = 0; j < k; j++)
                {
                    targets[(i * k) + j] = random.Next(2);
                }
            }
        }

        return (parameters, features, targets);
    }

    public LabeledData Data()
    {
        (_, float[] features, float[] targets) = Materialize();
        return LabeledData.FromTargets(features, Layers[0], targets, Layers[^1]);
    }

    public (double[] Theta, double[][] X, double[][] Y) AsDouble()
    {
        (float[] parameters, float[] features, float[] targets) = Materialize();
        int n = Layers[0], k = Layers[^1];
        double[][] x = [.. Enumerable.Range(0, Examples).Select(i => features.Skip(i * n).Take(n).Select(v => (double)v).ToArray())];
        double[][] y = [.. Enumerable.Range(0, Examples).Select(i => targets.Skip(i * k).Take(k).Select(v => (double)v).ToArray())];
        return ([.. parameters.Select(v => (double)v)], x, y);
    }

    private static Gen<GradientCase> Generator(int minLayers, double minLambda, int minExamples) =>
        from layerCount in Gen.Choose(minLayers, 5)
        from layers in Gen.ArrayOf(Gen.Choose(1, 40), layerCount)
        from examples in Gen.Choose(minExamples, 16)
        from lambdaTenths in Gen.Choose((int)(minLambda * 10), 100)
        from oneHot in Gen.Elements(true, false)
        from scale in Gen.Elements(0.12, 0.5, 1.0, 3.0)
        from seed in Gen.Choose(0, int.MaxValue - 1)
        select new GradientCase(layers, examples, lambdaTenths / 10.0, oneHot, scale, seed);

    private static IEnumerable<GradientCase> Shrink(GradientCase c, int minLayers, double minLambda, int minExamples)
    {
        for (int l = 1; l < c.Layers.Length - 1 && c.Layers.Length > minLayers; l++)
        {
            yield return c with { Layers = [.. c.Layers.Take(l), .. c.Layers.Skip(l + 1)] };
        }

        for (int l = 0; l < c.Layers.Length; l++)
        {
            if (c.Layers[l] > 1)
            {
                int[] narrower = (int[])c.Layers.Clone();
                narrower[l] = Math.Max(1, c.Layers[l] / 2);
                yield return c with { Layers = narrower };
            }
        }

        if (c.Examples > minExamples)
        {
            yield return c with { Examples = Math.Max(minExamples, c.Examples / 2) };
        }

        if (c.Lambda > minLambda)
        {
            yield return c with { Lambda = minLambda };
        }

        if (c.ParameterScale > 0.12)
        {
            yield return c with { ParameterScale = 0.12 };
        }
    }
}
