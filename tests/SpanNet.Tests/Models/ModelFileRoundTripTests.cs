using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Tests.Models;

public class ModelFileRoundTripTests
{
    public static TheoryData<int[], ScalingKind> Cases()
    {
        int[][] architectures =
        [
            [1, 1],
            [4, 3],
            [64, 25, 10],
            [5, 7, 6, 4, 3],
            [9, 1, 8, 2, 7],
            [.. Enumerable.Repeat(2, NetworkArchitecture.MaxLayers)],
        ];
        var data = new TheoryData<int[], ScalingKind>();
        foreach (int[] sizes in architectures)
        {
            foreach (ScalingKind kind in Enum.GetValues<ScalingKind>())
            {
                data.Add(sizes, kind);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StreamAndPathRoundTripsAreBitIdentical(int[] sizes, ScalingKind kind)
    {
        var architecture = new NetworkArchitecture(sizes);
        Model model = ModelAssert.RandomModel(architecture, (ulong)(sizes.Sum() * 31) + (ulong)kind, kind);

        byte[] bytes = ModelAssert.Save(model);
        Model fromStream = ModelAssert.Load(bytes);
        ModelAssert.Equivalent(model, fromStream);

        using var directory = new TempDirectory();
        string path = directory.File("model.spn");
        ModelFile.Save(model, path);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Model fromPath = ModelFile.Load(path);
        ModelAssert.Equivalent(model, fromPath);
        Assert.Equal(["model.spn"], directory.Entries());

        // Saving what was loaded reproduces the file byte for byte.
        Assert.Equal(bytes, ModelAssert.Save(fromStream));

        // And the loaded model predicts bit-identically.
        var random = new Random(sizes.Length);
        float[] x = [.. Enumerable.Range(0, architecture.InputCount).Select(_ => (float)(random.NextDouble() * 4) - 2)];
        float[] expected = new float[architecture.OutputCount], actual = new float[architecture.OutputCount];
        model.Predict(x, expected);
        fromPath.Predict(x, actual);
        Assert.True(ModelAssert.BitEqual(expected, actual));
    }

    [Theory]
    [InlineData(ScalingKind.Standardize)]
    [InlineData(ScalingKind.MinMax)]
    public void ScalingKindAndValuesArePreserved(ScalingKind kind)
    {
        Model model = ModelAssert.RandomModel(new NetworkArchitecture(6, 4, 2), 5, kind);
        Model loaded = ModelAssert.Load(ModelAssert.Save(model));
        Assert.NotNull(loaded.Scaling);
        Assert.Equal(kind, loaded.Scaling.Kind);
        Assert.True(ModelAssert.BitEqual(model.Scaling!.Offset, loaded.Scaling.Offset));
        Assert.True(ModelAssert.BitEqual(model.Scaling.Scale, loaded.Scaling.Scale));
    }

    [Fact]
    public void NoScalingLoadsAsNoScalingAndIdentityNoneScalingIsStoredAsNone()
    {
        var architecture = new NetworkArchitecture(3, 2);
        Model plain = ModelAssert.RandomModel(architecture, 1, ScalingKind.None);
        Assert.Null(ModelAssert.Load(ModelAssert.Save(plain)).Scaling);

        // Learn(None) is the identity; it is written as "no scaling" and predictions are unchanged.
        var identity = new Model(plain.ToNetwork(), FeatureScaling.Learn(ScalingKind.None, [1f, 2f, 3f, 4f, 5f, 6f], 3));
        byte[] bytes = ModelAssert.Save(identity);
        Assert.Equal(ModelAssert.Save(plain), bytes);
        Model loaded = ModelAssert.Load(bytes);
        Assert.True(loaded.Scaling is null || loaded.Scaling.Kind == ScalingKind.None);
        float[] a = new float[2], b = new float[2];
        identity.Predict([0.5f, -1f, 3f], a);
        loaded.Predict([0.5f, -1f, 3f], b);
        Assert.True(ModelAssert.BitEqual(a, b));
    }

    /// <summary>Kind None means the identity, so a model can never hold a None scaling the file would drop.</summary>
    [Fact]
    public void NonIdentityScalingOfKindNoneIsRejected()
    {
        Assert.Throws<ArgumentException>(() => FeatureScaling.FromParameters(ScalingKind.None, [5f, -1f], [2f, 0.5f]));
        var architecture = new NetworkArchitecture(2, 1);
        var model = new Model(Network.CreateRandom(architecture, 3), FeatureScaling.FromParameters(ScalingKind.None, [0f, 0f], [1f, 1f]));
        Model loaded = ModelAssert.Load(ModelAssert.Save(model));
        float[] a = new float[1], b = new float[1];
        model.Predict([1f, 2f], a);
        loaded.Predict([1f, 2f], b);
        Assert.True(ModelAssert.BitEqual(a, b), $"saved model predicts {a[0]}, loaded one {b[0]}");
    }

    [Fact]
    public void SpecialFloatValuesRoundTripBitForBit()
    {
        var architecture = new NetworkArchitecture(3, 2, 2);
        float[] special = [-0f, 0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1.17549421e-38f, BitConverter.Int32BitsToSingle(0x007FFFFF), 1f, -1f, 3.14159274f, 1e-30f];
        float[] parameters = [.. Enumerable.Range(0, architecture.ParameterCount).Select(i => special[i % special.Length])];
        var scaling = FeatureScaling.FromParameters(ScalingKind.Standardize, [-0f, float.MaxValue, float.Epsilon], [float.MinValue, -0f, 1e-38f]);
        var model = new Model(architecture, parameters, scaling);
        Model loaded = ModelAssert.Load(ModelAssert.Save(model));
        ModelAssert.Equivalent(model, loaded);
    }

    [Fact]
    public void FileLayoutMatchesTheFormatDescription()
    {
        // 2-3-1 with min-max scaling, built field by field from the format description.
        var architecture = new NetworkArchitecture(2, 3, 1);
        float[] parameters = [.. Enumerable.Range(0, architecture.ParameterCount).Select(i => (i * 0.125f) - 1f)];
        var scaling = FeatureScaling.FromParameters(ScalingKind.MinMax, [1f, -2f], [0.5f, 0.25f]);
        var model = new Model(architecture, parameters, scaling);

        byte[] expected = new ForgedFile { Sizes = [2, 3, 1], Kind = 2, Body = [.. parameters, 1f, -2f, 0.5f, 0.25f] }.ToBytes();
        byte[] actual = ModelAssert.Save(model);
        Assert.Equal(expected, actual);
        Assert.Equal(12 + (3 * 4) + 4 + 8 + ((13 + 4) * 4) + 4, actual.Length);
        Assert.Equal("SPNN"u8.ToArray(), actual[..4]);
    }

    [Fact]
    public void TestCrcMatchesTheStandardCheckValueAndTheLibrary()
    {
        byte[] check = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, TestCrc32.Compute(check));
        Assert.Equal(0xCBF43926u, Crc32.Append(0, check));
        Assert.Equal(0u, TestCrc32.Compute([]));
        var random = new Random(7);
        byte[] data = new byte[1000];
        random.NextBytes(data);
        Assert.Equal(TestCrc32.Compute(data), Crc32.Append(Crc32.Append(0, data.AsSpan(0, 333)), data.AsSpan(333)));
    }

    [Fact]
    public void StreamSaveAppendsAtThePositionAndLoadReadsFromThePosition()
    {
        Model model = ModelAssert.RandomModel(new NetworkArchitecture(5, 7, 6, 4, 3), 9, ScalingKind.Standardize);
        using var stream = new MemoryStream();
        stream.Write("junk!"u8);
        ModelFile.Save(model, stream);
        Assert.True(stream.CanWrite, "Save must leave the stream open");
        stream.Position = 5;
        ModelAssert.Equivalent(model, ModelFile.Load(stream));
        Assert.Equal(stream.Length, stream.Position);
        Assert.True(stream.CanRead, "Load must leave the stream open");

        // Also through a non-seekable stream, fed one byte per read.
        byte[] bytes = ModelAssert.Save(model);
        ModelAssert.Equivalent(model, ModelFile.Load(new NonSeekableStream(bytes)));
        ModelAssert.Equivalent(model, ModelFile.Load(new NonSeekableStream(bytes, maxChunk: 1)));
    }

    [Fact]
    public void ModelCopiesItsParametersAndRoundTripsThroughNetwork()
    {
        var architecture = new NetworkArchitecture(4, 3, 2);
        Network network = Network.CreateRandom(architecture, 11);
        var model = new Model(network);
        float[] before = model.Parameters.ToArray();
        network.Parameters.Fill(0.5f);
        Assert.True(ModelAssert.BitEqual(before, model.Parameters), "mutating the network changed the model");

        Network copy = model.ToNetwork();
        Assert.True(ModelAssert.BitEqual(before, copy.Parameters));
        copy.Parameters[0] = 42f;
        Assert.True(ModelAssert.BitEqual(before, model.Parameters), "mutating ToNetwork() changed the model");
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        Model model = ModelAssert.RandomModel(new NetworkArchitecture(2, 1), 1, ScalingKind.None);
        Assert.Throws<ArgumentNullException>(() => ModelFile.Save(null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => ModelFile.Save(model, (Stream)null!));
        Assert.Throws<ArgumentNullException>(() => ModelFile.Save(model, (string)null!));
        Assert.Throws<ArgumentException>(() => ModelFile.Save(model, string.Empty));
        Assert.Throws<ArgumentNullException>(() => ModelFile.Load((Stream)null!));
        Assert.Throws<ArgumentNullException>(() => ModelFile.Load((string)null!));
        Assert.Throws<ArgumentException>(() => ModelFile.Load(string.Empty));
        using var directory = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(directory.File("missing.spn")));
    }
}
