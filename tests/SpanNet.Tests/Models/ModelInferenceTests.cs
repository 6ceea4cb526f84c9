using SpanNet.Kernels;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

/// <summary>One immutable model serving many threads gives exactly the single-threaded answers, allocation-free.</summary>
public class ModelInferenceTests
{
    private const int Examples = 128;
    private static readonly NetworkArchitecture Architecture = new(64, 25, 10);

    private static float[] RandomFeatures(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => (float)((random.NextDouble() * 2) - 1) * (1 + (i % 3)))];
    }

    private static Model ScaledModel(ulong seed)
    {
        float[] training = RandomFeatures((int)seed, 300 * Architecture.InputCount);
        return new Model(Network.CreateRandom(Architecture, seed), FeatureScaling.Learn(ScalingKind.Standardize, training, Architecture.InputCount));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ManyThreadsGetBitIdenticalResults(bool withScaling)
    {
        Model model = withScaling ? ScaledModel(3) : new Model(Network.CreateRandom(Architecture, 3));
        int n = Architecture.InputCount, k = Architecture.OutputCount;
        float[] inputs = RandomFeatures(5, Examples * n);

        // Single-threaded reference, on a fresh thread so nothing is shared with the workers.
        float[] expected = new float[Examples * k];
        int[] expectedClass = new int[Examples];
        var reference = new Thread(() =>
        {
            for (int i = 0; i < Examples; i++)
            {
                model.Predict(inputs.AsSpan(i * n, n), expected.AsSpan(i * k, k));
                expectedClass[i] = model.PredictClass(inputs.AsSpan(i * n, n));
            }
        });
        reference.Start();
        reference.Join();
        Assert.Contains(expectedClass, c => c != expectedClass[0]);

        const int threads = 8;
        int rounds = Math.Min(20, PropertyScale.Cases(20));
        int mismatches = 0;
        string? firstProblem = null;
        using var start = new Barrier(threads);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            try
            {
                var workspace = new Workspace(Architecture);
                float[] output = new float[k], both = new float[k], batch = new float[Examples * k];
                start.SignalAndWait();
                for (int round = 0; round < rounds; round++)
                {
                    for (int j = 0; j < Examples; j++)
                    {
                        int i = (j + (t * 17)) % Examples; // threads walk the examples from different starts
                        ReadOnlySpan<float> x = inputs.AsSpan(i * n, n);
                        ReadOnlySpan<float> want = expected.AsSpan(i * k, k);
                        if (round % 2 == 0)
                        {
                            model.Predict(x, output);
                        }
                        else
                        {
                            model.Predict(x, output, workspace);
                        }

                        int classAndOutputs = round % 2 == 0 ? model.PredictClass(x, both) : model.PredictClass(x, both, workspace);
                        bool ok = ModelAssert.BitEqual(want, output)
                            && model.PredictClass(x) == expectedClass[i]
                            && model.PredictClass(x, workspace) == expectedClass[i]
                            && classAndOutputs == expectedClass[i]
                            && ModelAssert.BitEqual(want, both);
                        if (!ok)
                        {
                            Report($"thread {t} round {round} example {i}");
                        }
                    }

                    model.PredictBatch(inputs, batch);
                    if (!ModelAssert.BitEqual(expected, batch))
                    {
                        Report($"thread {t} round {round} batch");
                    }
                }
            }
            catch (Exception e)
            {
                Report(e.ToString());
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        Assert.True(mismatches == 0, $"{mismatches} mismatches; first: {firstProblem}");

        void Report(string problem)
        {
            Interlocked.CompareExchange(ref firstProblem, problem, null);
            Interlocked.Increment(ref mismatches);
        }
    }

    [Fact]
    public void AFeatureFarOutsideTheLearnedRangePredictsFromItsDoubleScaledValue()
    {
        // Feature 0 was learned near 3e38; −3e38 overflows (x − offset) in float, which fed ±∞ to the network.
        int n = Architecture.InputCount;
        float[] offsets = new float[n], scales = new float[n];
        Array.Fill(scales, 1f);
        offsets[0] = 3e38f;
        scales[0] = 1e-38f;
        Network network = Network.CreateRandom(Architecture, 13);
        var model = new Model(network, FeatureScaling.FromParameters(ScalingKind.Standardize, offsets, scales));
        float[] raw = RandomFeatures(14, n);
        raw[0] = -3e38f;

        float[] expectedInput = [.. raw];
        expectedInput[0] = (float)(((double)-3e38f - 3e38f) * 1e-38f);
        float[] expected = new float[Architecture.OutputCount], actual = new float[Architecture.OutputCount];
        new Model(network).Predict(expectedInput, expected);
        model.Predict(raw, actual);
        Assert.All(actual, p => Assert.True(float.IsFinite(p)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void AFeatureThatScalesBeyondTheFloatRangeIsRefusedNamingTheFeaturesAndTheExample()
    {
        int n = Architecture.InputCount;
        float[] offsets = new float[n], scales = new float[n];
        Array.Fill(scales, 4f);
        var model = new Model(Network.CreateRandom(Architecture, 15), FeatureScaling.FromParameters(ScalingKind.MinMax, offsets, scales));
        float[] rows = RandomFeatures(16, 3 * n);
        rows[n + 7] = 3e38f;
        float[] outputs = new float[3 * Architecture.OutputCount];

        var e = Assert.Throws<ArgumentException>(() => model.Predict(rows.AsSpan(n, n), outputs.AsSpan(0, Architecture.OutputCount)));
        Assert.Equal("features", e.ParamName);
        Assert.Contains("Feature 7 is 3E+38", e.Message);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => model.PredictClass(rows.AsSpan(n, n))).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => model.PredictClass(rows.AsSpan(n, n), outputs)).ParamName);

        e = Assert.Throws<ArgumentException>(() => model.PredictBatch(rows, outputs));
        Assert.Equal("features", e.ParamName);
        Assert.Contains("Feature 7 of example 1", e.Message);
    }

    [Fact]
    public void PredictAllocatesNothingAfterAThreadsFirstCall()
    {
        Model plain = new(Network.CreateRandom(Architecture, 3));
        Model scaled = ScaledModel(4);
        Model other = new(Network.CreateRandom(new NetworkArchitecture(5, 4, 3, 2), 5));
        Model sameShape = new(Network.CreateRandom(new NetworkArchitecture(64, 25, 10), 6)); // equal architecture, distinct instance
        float[] x = RandomFeatures(1, Architecture.InputCount), y = new float[Architecture.OutputCount];
        float[] xs = RandomFeatures(2, 10 * Architecture.InputCount), ys = new float[10 * Architecture.OutputCount];
        float[] x5 = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f], y2 = new float[2];
        long firstCall = -1, steady = -1;
        var workspace = new Workspace(Architecture);
        Model[] sharedShape = [plain, scaled, sameShape];

        var thread = new Thread(() =>
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            plain.Predict(x, y);
            firstCall = GC.GetAllocatedBytesForCurrentThread() - before;
            scaled.Predict(x, y);
            other.Predict(x5, y2);
            sameShape.Predict(x, y);
            for (int warm = 0; warm < 3; warm++)
            {
                Everything();
            }

            before = GC.GetAllocatedBytesForCurrentThread();
            for (int repeat = 0; repeat < 50; repeat++)
            {
                Everything();
            }

            steady = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        Assert.True(firstCall > 0, "the first call on a thread is expected to build its workspace");
        Assert.Equal(0, steady);

        void Everything()
        {
            foreach (Model m in sharedShape)
            {
                m.Predict(x, y);
                m.PredictClass(x);
                m.PredictBatch(xs, ys);
                m.Predict(x, y, workspace);
                m.PredictClass(x, workspace);
                m.PredictClass(x, y);
                m.PredictClass(x, y, workspace);
            }

            other.Predict(x5, y2); // switching architectures on one thread
            other.PredictClass(x5);
        }
    }

    /// <summary>
    /// The model runs a padded, aligned copy of the parameters (a different summation order), so
    /// it agrees with the network's own forward pass to float rounding, not bit for bit; its batch
    /// and single-example paths are the same code and do agree bit for bit.
    /// </summary>
    [Fact]
    public void ModelPredictsLikeTheNetworkItWasBuiltFrom()
    {
        Network network = Network.CreateRandom(new NetworkArchitecture(5, 7, 6, 4, 3), 8);
        var model = new Model(network);
        var workspace = new Workspace(network.Architecture);
        float[] inputs = RandomFeatures(9, 40 * 5);
        float[] viaNetwork = new float[3], viaModel = new float[3], batch = new float[40 * 3];
        model.PredictBatch(inputs, batch);
        for (int i = 0; i < 40; i++)
        {
            network.Forward(inputs.AsSpan(i * 5, 5), viaNetwork, workspace);
            model.Predict(inputs.AsSpan(i * 5, 5), viaModel);
            for (int k = 0; k < 3; k++)
            {
                Assert.True(Math.Abs(viaNetwork[k] - viaModel[k]) <= 1e-6f, $"example {i}, output {k}: network {viaNetwork[k]:R}, model {viaModel[k]:R}");
            }

            Assert.True(ModelAssert.BitEqual(viaModel, batch.AsSpan(i * 3, 3)));
            Assert.Equal(SimdKernels.ArgMax(viaModel), model.PredictClass(inputs.AsSpan(i * 5, 5)));
        }
    }

    [Fact]
    public void BadArgumentsGiveArgumentExceptions()
    {
        Model model = ScaledModel(10);
        float[] x = new float[64], y = new float[10];
        Assert.Throws<ArgumentException>(() => model.Predict(new float[63], y));
        Assert.Throws<ArgumentException>(() => model.Predict(new float[65], y));
        Assert.Throws<ArgumentException>(() => model.Predict(x, new float[9]));
        Assert.Throws<ArgumentException>(() => model.PredictClass(new float[63]));
        Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[64 * 3 + 1], new float[30]));
        Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[64 * 3], new float[29]));
        Assert.Throws<ArgumentException>(() => model.Predict(x, y, new Workspace(new NetworkArchitecture(64, 24, 10))));
        Assert.Throws<ArgumentException>(() => model.Predict(x, y, new Workspace(new NetworkArchitecture(64, 10))));
        Assert.Throws<ArgumentNullException>(() => model.Predict(x, y, null!));
        Assert.Throws<ArgumentException>(() => model.PredictClass(x, new Workspace(new NetworkArchitecture(64, 25, 10, 10))));
        Assert.Equal("probabilities", Assert.Throws<ArgumentException>(() => model.PredictClass(x, new float[9])).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => model.PredictClass(new float[63], y)).ParamName);
        Assert.Throws<ArgumentNullException>(() => model.PredictClass(x, y, null!));
        float[] shared = new float[64];
        Assert.Throws<ArgumentException>(() => model.PredictClass(shared, shared.AsSpan(0, 10)));

        // Constructor checks.
        Assert.Throws<ArgumentNullException>(() => new Model((Network)null!));
        Assert.Throws<ArgumentException>(() => new Model(Architecture, new float[Architecture.ParameterCount - 1]));
        float[] bad = new float[Architecture.ParameterCount];
        bad[^1] = float.NaN;
        Assert.Throws<ArgumentException>(() => new Model(Architecture, bad));
        Assert.Throws<ArgumentException>(() => new Model(Network.CreateRandom(Architecture, 1), FeatureScaling.Learn(ScalingKind.MinMax, new float[63], 63)));
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void ANonFiniteFeatureIsRejectedNamingIt(float value)
    {
        // Without the check a NaN came out as NaN outputs and class 0, and ±∞ as outputs of 0 and 1.
        foreach (Model model in new[] { ScaledModel(12), new Model(Network.CreateRandom(new NetworkArchitecture(64, 10), 12)) })
        {
            float[] x = RandomFeatures(5, 64), y = new float[10];
            x[37] = value;
            var e = Assert.Throws<ArgumentException>(() => model.Predict(x, y));
            Assert.Equal("features", e.ParamName);
            Assert.Contains("Feature 37", e.Message, StringComparison.Ordinal);
            Assert.Throws<ArgumentException>(() => model.PredictClass(x));
            Assert.All(y, v => Assert.Equal(0f, v)); // nothing written

            float[] batch = RandomFeatures(6, 3 * 64);
            batch[(2 * 64) + 5] = value;
            e = Assert.Throws<ArgumentException>(() => model.PredictBatch(batch, new float[30]));
            Assert.Contains("Feature 5 of example 2", e.Message, StringComparison.Ordinal);
        }

        float[] input = RandomFeatures(7, 64);
        input[0] = value;
        var network = Network.CreateRandom(Architecture, 1);
        Assert.Throws<ArgumentException>(() => network.PredictClass(input, new Workspace(Architecture)));
    }

    [Fact]
    public void OutputsThatOverlapTheFeaturesAreRejected()
    {
        // A 64-10 model without scaling reads its input in place and writes the biases into the
        // output first: an overlapping output would overwrite features before they are read.
        var model = new Model(Network.CreateRandom(new NetworkArchitecture(64, 10), 3));
        float[] buffer = RandomFeatures(8, 80);
        Assert.Throws<ArgumentException>(() => model.Predict(buffer.AsSpan(0, 64), buffer.AsSpan(60, 10)));
        Assert.Throws<ArgumentException>(() => model.Predict(buffer.AsSpan(10, 64), buffer.AsSpan(5, 10)));
        Assert.Throws<ArgumentException>(() => model.PredictBatch(buffer.AsSpan(0, 64), buffer.AsSpan(50, 10)));
        // Only the part written counts: a longer buffer whose unused tail overlaps is fine, and so is
        // Network.Forward in place (it writes the output after reading the whole input).
        float[] wide = RandomFeatures(9, 64 + 10);
        float[] expected = new float[10];
        model.Predict(wide.AsSpan(10, 64), expected);
        model.Predict(wide.AsSpan(10, 64), wide.AsSpan(0, 20)); // writes [0, 10) only
        Assert.Equal(expected, wide.AsSpan(0, 10).ToArray());

        float[] output = new float[10];
        var network = Network.CreateRandom(new NetworkArchitecture(64, 10), 3);
        float[] inPlace = RandomFeatures(10, 64);
        network.Forward(inPlace.AsSpan(0, 64).ToArray(), output, new Workspace(network.Architecture));
        network.Forward(inPlace, inPlace.AsSpan(0, 10), new Workspace(network.Architecture));
        Assert.Equal(output, inPlace.AsSpan(0, 10).ToArray());

        float[] before = buffer.AsSpan(0, 64).ToArray();
        Assert.Throws<ArgumentException>(() => ScaledModel(4).Scaling!.Apply(buffer.AsSpan(0, 64), buffer.AsSpan(1, 64)));
        Assert.Equal(before, buffer.AsSpan(0, 64).ToArray());
    }

    [Fact]
    public void PredictClassRejectsANullOrMismatchedWorkspaceWithArgumentExceptions()
    {
        Model model = ScaledModel(11);
        float[] x = new float[64];
        Assert.Throws<ArgumentNullException>(() => model.PredictClass(x, (Workspace)null!));
        Assert.Throws<ArgumentException>(() => model.PredictClass(x, new Workspace(new NetworkArchitecture(64, 10))));
    }
}
