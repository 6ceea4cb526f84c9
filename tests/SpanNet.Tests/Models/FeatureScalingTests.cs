using FsCheck;
using FsCheck.Fluent;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

public class FeatureScalingTests
{
    /// <summary>m × n features, feature j drawn around its own centre with its own spread.</summary>
    private static float[] RandomData(Random random, int m, int n)
    {
        double[] centre = [.. Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-2, 4)))];
        double[] spread = [.. Enumerable.Range(0, n).Select(_ => Math.Pow(10, random.Next(-2, 4)) * (0.5 + random.NextDouble()))];
        float[] data = new float[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double u = random.NextDouble() + random.NextDouble() - 1; // triangular, mean 0
                data[(i * n) + j] = (float)(centre[j] + (spread[j] * u));
            }
        }

        return data;
    }

    private static Arbitrary<(int Seed, int M, int N)> Shapes() =>
        Gen.Zip(Gen.Choose(0, int.MaxValue - 1), Gen.Choose(2, 200), (seed, m) => (seed, m))
            .SelectMany(sm => Gen.Choose(1, 12), (sm, n) => (sm.seed, sm.m, n))
            .ToArbitrary();

    private static float[] ApplyAll(FeatureScaling scaling, float[] data, int n)
    {
        float[] scaled = new float[data.Length];
        for (int i = 0; i < data.Length / n; i++)
        {
            scaling.Apply(data.AsSpan(i * n, n), scaled.AsSpan(i * n, n));
        }

        return scaled;
    }

    private static double[] Column(float[] data, int n, int j) => [.. Enumerable.Range(0, data.Length / n).Select(i => (double)data[(i * n) + j])];

    [Fact]
    public void StandardizeGivesMeanZeroAndUnitStandardDeviation() =>
        Prop.ForAll(Shapes(), shape =>
        {
            (int seed, int m, int n) = shape;
            float[] data = RandomData(new Random(seed), m, n);
            FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.Standardize, data, n);
            Assert.Equal(ScalingKind.Standardize, scaling.Kind);
            Assert.Equal(n, scaling.FeatureCount);
            float[] scaled = ApplyAll(scaling, data, n);
            for (int j = 0; j < n; j++)
            {
                double[] raw = Column(data, n, j);
                if (raw.Max() == raw.Min())
                {
                    continue; // a float-rounded constant column; see the constant-feature tests
                }

                double[] column = Column(scaled, n, j);
                double mean = column.Average();
                double std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
                // The offset is stored as a float, so the centre can be off by half its ulp.
                double offsetUlp = MathF.BitIncrement(Math.Abs(scaling.Offset[j])) - Math.Abs(scaling.Offset[j]);
                double meanTolerance = 1e-4 + (offsetUlp * scaling.Scale[j]);
                Assert.True(Math.Abs(mean) < meanTolerance, $"seed {seed} {m}x{n} feature {j}: mean {mean}, tolerance {meanTolerance}");
                Assert.True(Math.Abs(std - 1) < 1e-3, $"seed {seed} {m}x{n} feature {j}: std {std}");
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyScale.Cases(200)));

    [Fact]
    public void MinMaxMapsEveryFeatureOntoZeroToOne() =>
        Prop.ForAll(Shapes(), shape =>
        {
            (int seed, int m, int n) = shape;
            float[] data = RandomData(new Random(seed), m, n);
            FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.MinMax, data, n);
            Assert.Equal(ScalingKind.MinMax, scaling.Kind);
            float[] scaled = ApplyAll(scaling, data, n);
            for (int j = 0; j < n; j++)
            {
                double[] raw = Column(data, n, j);
                if (raw.Max() == raw.Min())
                {
                    continue;
                }

                double[] column = Column(scaled, n, j);
                Assert.Equal(0.0, column.Min()); // the minimum maps exactly to 0
                Assert.True(Math.Abs(column.Max() - 1) < 1e-6, $"seed {seed} {m}x{n} feature {j}: max {column.Max()}");
                Assert.All(column, v => Assert.InRange(v, 0.0, 1 + 1e-6));
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyScale.Cases(200)));

    [Fact]
    public void ASpreadTooSmallForAFloatReciprocalGetsScaleOne()
    {
        // Zeros and one 1e-39: not constant by the relative test, but 1/spread overflows a float.
        float[] data = new float[20];
        data[7] = 1e-39f;
        foreach (ScalingKind kind in new[] { ScalingKind.Standardize, ScalingKind.MinMax })
        {
            FeatureScaling scaling = FeatureScaling.Learn(kind, data, 1);
            Assert.Equal(1f, scaling.Scale[0]);
            Assert.True(float.IsFinite(scaling.Offset[0]));
            var model = new Model(Network.CreateRandom(new NetworkArchitecture(1, 2), 1), scaling);
            string path = Path.Combine(Path.GetTempPath(), $"spannet-tiny-spread-{Environment.ProcessId}-{kind}.spn");
            try
            {
                ModelFile.Save(model, path);
                Assert.Equal(1f, ModelFile.Load(path).Scaling!.Scale[0]); // saved and loaded back, not rejected as non-finite
            }
            finally
            {
                File.Delete(path);
            }
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(1f)]
    [InlineData(-3f)]
    [InlineData(1024f)]
    [InlineData(0.5f)]
    public void ConstantFeaturesGetScaleOne(float value)
    {
        // Feature 1 varies, features 0 and 2 are constant.
        int m = 50;
        float[] data = new float[m * 3];
        for (int i = 0; i < m; i++)
        {
            data[i * 3] = value;
            data[(i * 3) + 1] = i;
            data[(i * 3) + 2] = -value;
        }

        foreach (ScalingKind kind in new[] { ScalingKind.Standardize, ScalingKind.MinMax })
        {
            FeatureScaling scaling = FeatureScaling.Learn(kind, data, 3);
            Assert.Equal(1f, scaling.Scale[0]);
            Assert.Equal(1f, scaling.Scale[2]);
            Assert.Equal(value, scaling.Offset[0]);
            Assert.Equal(-value, scaling.Offset[2]);
            Assert.NotEqual(1f, scaling.Scale[1]);
            float[] row = new float[3];
            scaling.Apply([value, 7f, -value], row);
            Assert.Equal(0f, row[0]);
            Assert.Equal(0f, row[2]);
        }
    }

    [Fact]
    public void ConstantFeaturesGetScaleOneForMinMaxWhateverTheValue() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), Gen.Choose(1, 3000).ToArbitrary(), (seed, m) =>
        {
            var random = new Random(seed);
            float value = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)));
            float[] data = [.. Enumerable.Repeat(value, m)];
            FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.MinMax, data, 1);
            return scaling.Scale[0] == 1f && scaling.Offset[0] == value;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyScale.Cases(100)));

    [Fact]
    public void ConstantFeaturesGetScaleOneForStandardizeWhateverTheValue() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), Gen.Choose(1, 3000).ToArbitrary(), (seed, m) =>
        {
            var random = new Random(seed);
            float value = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-6, 7)));
            float[] data = [.. Enumerable.Repeat(value, m)];
            FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.Standardize, data, 1);
            Assert.True(scaling.Scale[0] == 1f, $"{m} copies of {value:R}: scale {scaling.Scale[0]}");
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(PropertyScale.Cases(200)));

    [Fact]
    public void NoneIsTheIdentity()
    {
        float[] data = RandomData(new Random(1), 20, 4);
        FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.None, data, 4);
        Assert.Equal(ScalingKind.None, scaling.Kind);
        Assert.All(scaling.Offset.ToArray(), o => Assert.Equal(0f, o));
        Assert.All(scaling.Scale.ToArray(), s => Assert.Equal(1f, s));
        Assert.True(ModelAssert.BitEqual(data, ApplyAll(scaling, data, 4)));
    }

    [Fact]
    public void AValueWhoseShiftOverflowsFloatIsScaledInDouble()
    {
        // Learned from values near +3e38 (offset 3.2e38, scale 1e-37): −3e38 − 3.2e38 is −∞ in float, −62 after scaling.
        FeatureScaling scaling = FeatureScaling.FromParameters(ScalingKind.Standardize, [3.2e38f, 1f], [1e-37f, 2f]);
        float[] raw = [-3e38f, 5f];
        float expected = (float)(((double)-3e38f - 3.2e38f) * 1e-37f);
        Assert.InRange(expected, -62.1f, -61.9f);

        float[] scaled = new float[2];
        scaling.Apply(raw, scaled);
        Assert.Equal([expected, 8f], scaled);

        scaling.Apply(raw, raw);
        Assert.Equal([expected, 8f], raw);

        Assert.Equal([expected, 8f, expected, 8f], scaling.ApplyAll([-3e38f, 5f, -3e38f, 5f]));
    }

    [Fact]
    public void AValueThatScalesBeyondTheFloatRangeThrowsAndLeavesAnInPlaceRowAlone()
    {
        FeatureScaling scaling = FeatureScaling.FromParameters(ScalingKind.MinMax, [0.5f, 0f, 0.25f], [3f, 4f, 2f]);
        float[] row = [1f, 3e38f, 2f];
        Assert.Equal(1, scaling.IndexOfOverflow(row));
        var e = Assert.Throws<ArgumentException>(() => scaling.Apply(row, new float[3]));
        Assert.Contains("Feature 1 is 3E+38", e.Message);
        Assert.Equal("raw", e.ParamName);

        // In place: every element back as it was, not only the one that failed.
        Assert.Throws<ArgumentException>(() => scaling.Apply(row, row));
        Assert.Equal([1f, 3e38f, 2f], row);

        e = Assert.Throws<ArgumentException>(() => scaling.ApplyAll([1f, 2f, 3f, 1f, 3e38f, 2f]));
        Assert.Contains("Feature 1 of example 1", e.Message);

        // NaN stays NaN, as before (the callers that need finite features check them), and is no overflow.
        float[] nan = new float[3];
        scaling.Apply([float.NaN, 1f, 1f], nan);
        Assert.True(float.IsNaN(nan[0]));
        Assert.Equal(-1, scaling.IndexOfOverflow([float.NaN, 1f, float.PositiveInfinity]));
        Assert.Equal(-1, scaling.IndexOfOverflow([1f, 8e37f, 2f]));   // 3.2e38: still a float
    }

    [Fact]
    public void IndexOfOverflowAgreesWithApplyOnTheEdgeOfTheFloatRange()
    {
        // Around float.MaxValue/4 the scaled value crosses float.MaxValue: Apply throws exactly where IndexOfOverflow points.
        FeatureScaling scaling = FeatureScaling.FromParameters(ScalingKind.MinMax, [-1e38f], [4f]);
        float edge = (float.MaxValue / 4) - 1e38f;
        foreach (float value in new[] { edge, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(edge) + 1), BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(edge) - 1), 3e38f, -3e38f })
        {
            bool overflows = scaling.IndexOfOverflow([value]) == 0;
            float[] scaled = new float[1];
            Exception? thrown = Record.Exception(() => scaling.Apply([value], scaled));
            Assert.Equal(overflows, thrown is ArgumentException);
            Assert.True(overflows || float.IsFinite(scaled[0]), $"{value:R} scaled to {scaled[0]}");
        }
    }

    [Fact]
    public void ApplyChecksLengthsAndWorksInPlace()
    {
        FeatureScaling scaling = FeatureScaling.Learn(ScalingKind.Standardize, RandomData(new Random(2), 30, 5), 5);
        Assert.Throws<ArgumentException>(() => scaling.Apply(new float[4], new float[5]));
        Assert.Throws<ArgumentException>(() => scaling.Apply(new float[6], new float[6]));
        Assert.Throws<ArgumentException>(() => scaling.Apply([], new float[5]));
        Assert.Throws<ArgumentException>(() => scaling.Apply(new float[5], new float[4]));

        float[] row = [1f, 2f, 3f, 4f, 5f], expected = new float[5];
        scaling.Apply(row, expected);
        scaling.Apply(row, row);
        Assert.True(ModelAssert.BitEqual(expected, row));

        float[] longer = new float[8];
        scaling.Apply([1f, 2f, 3f, 4f, 5f], longer);
        Assert.True(ModelAssert.BitEqual(expected, longer.AsSpan(0, 5)));
        Assert.All(longer[5..], v => Assert.Equal(0f, v));
    }

    [Fact]
    public void LearnAndFromParametersValidateTheirArguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureScaling.Learn(ScalingKind.Standardize, new float[4], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureScaling.Learn(ScalingKind.Standardize, new float[4], -1));
        Assert.Throws<ArgumentException>(() => FeatureScaling.Learn(ScalingKind.Standardize, [], 2));
        Assert.Throws<ArgumentException>(() => FeatureScaling.Learn(ScalingKind.MinMax, new float[5], 2));
        Assert.Throws<ArgumentException>(() => FeatureScaling.Learn(ScalingKind.MinMax, [1f, float.NaN], 2));
        Assert.Throws<ArgumentException>(() => FeatureScaling.Learn(ScalingKind.Standardize, [1f, float.PositiveInfinity], 1));
        Assert.ThrowsAny<ArgumentException>(() => FeatureScaling.Learn((ScalingKind)7, [1f, 2f], 1));

        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureScaling.FromParameters((ScalingKind)3, [0f], [1f]));
        Assert.Throws<ArgumentException>(() => FeatureScaling.FromParameters(ScalingKind.MinMax, [0f, 1f], [1f]));
        Assert.Throws<ArgumentException>(() => FeatureScaling.FromParameters(ScalingKind.MinMax, [], []));
        Assert.Throws<ArgumentException>(() => FeatureScaling.FromParameters(ScalingKind.MinMax, [float.NaN], [1f]));
        Assert.Throws<ArgumentException>(() => FeatureScaling.FromParameters(ScalingKind.MinMax, [0f], [float.NegativeInfinity]));

        // FromParameters copies its inputs.
        float[] offset = [1f, 2f], scale = [3f, 4f];
        FeatureScaling s = FeatureScaling.FromParameters(ScalingKind.Standardize, offset, scale);
        offset[0] = 99f;
        scale[0] = 99f;
        Assert.Equal(1f, s.Offset[0]);
        Assert.Equal(3f, s.Scale[0]);
    }

    [Theory]
    [InlineData(ScalingKind.Standardize)]
    [InlineData(ScalingKind.MinMax)]
    public void AModelWithScalingPredictsLikeAPlainModelOnPrescaledFeatures(ScalingKind kind)
    {
        var architecture = new NetworkArchitecture(12, 9, 4);
        float[] train = RandomData(new Random(3), 100, 12), test = RandomData(new Random(4), 40, 12);
        FeatureScaling scaling = FeatureScaling.Learn(kind, train, 12);
        Network network = Network.CreateRandom(architecture, 12);
        var scaled = new Model(network, scaling);
        var plain = new Model(network);
        float[] prescaled = ApplyAll(scaling, test, 12);

        float[] a = new float[4], b = new float[4], batchA = new float[40 * 4], batchB = new float[40 * 4];
        var workspace = new Workspace(architecture);
        for (int i = 0; i < 40; i++)
        {
            scaled.Predict(test.AsSpan(i * 12, 12), a);
            plain.Predict(prescaled.AsSpan(i * 12, 12), b);
            Assert.True(ModelAssert.BitEqual(a, b), $"example {i}");
            scaled.Predict(test.AsSpan(i * 12, 12), a, workspace);
            Assert.True(ModelAssert.BitEqual(a, b), $"example {i} (caller workspace)");
            Assert.Equal(plain.PredictClass(prescaled.AsSpan(i * 12, 12)), scaled.PredictClass(test.AsSpan(i * 12, 12)));
        }

        scaled.PredictBatch(test, batchA);
        plain.PredictBatch(prescaled, batchB);
        Assert.True(ModelAssert.BitEqual(batchA, batchB));

        // Predicting must not modify the caller's features.
        float[] copy = (float[])test.Clone();
        scaled.PredictBatch(test, batchA);
        Assert.True(ModelAssert.BitEqual(copy, test));
    }
}
