using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Tests;

public class ImportExportTests
{
    [Fact]
    public void ExportThenImportIsBitExact()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(7, 5, 4, 3);
        Network network = Network.CreateRandom(architecture, 11);
        Span<float> p = network.Parameters;

        // Values whose decimal form is easy to get wrong.
        float[] awkward = [-0f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue, 1f / 3, 1.17549435e-38f, 1e-45f, 16777217f, 0.1f, 3.4028235e38f, 123456.79f];
        awkward.CopyTo(p);
        var random = new SpanNet.Common.SeededRandom(5);
        for (int i = awkward.Length; i < p.Length; i += 3)
        {
            float bits;
            do
            {
                bits = BitConverter.Int32BitsToSingle((int)random.NextUInt32());
            }
            while (!float.IsFinite(bits));
            p[i] = bits;
        }

        string original = dir.SaveModel("original.spn", new Model(network));
        CliResult export = Cli.Run("export", "--model", original, "--out-dir", dir.File("csv"));
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal("", export.Error);
        string[] thetas = [dir.File("csv/theta1.csv"), dir.File("csv/theta2.csv"), dir.File("csv/theta3.csv")];
        Assert.All(thetas, t => Assert.True(File.Exists(t), t));
        Assert.False(File.Exists(dir.File("csv/theta4.csv")));
        Assert.False(File.Exists(dir.File("csv/scaling.csv")));

        string reimported = dir.File("reimported.spn");
        CliResult import = Cli.Run("import", "--theta", thetas[0], "--theta", thetas[1], "--theta", thetas[2], "--out", reimported);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("7-5-4-3", import.Out, StringComparison.Ordinal);

        Model back = ModelFile.Load(reimported);
        Assert.Equal(architecture, back.Architecture);
        for (int i = 0; i < p.Length; i++)
        {
            Assert.True(
                BitConverter.SingleToInt32Bits(p[i]) == BitConverter.SingleToInt32Bits(back.Parameters[i]),
                $"parameter {i}: {p[i]:R} came back as {back.Parameters[i]:R}");
        }

        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(reimported));
    }

    [Fact]
    public void ScalingRoundTripsThroughScalingCsv()
    {
        using var dir = new TempDirectory();
        Model model = TestModels.Random(new NetworkArchitecture(4, 3, 2), 3, withScaling: true);
        string original = dir.SaveModel("scaled.spn", model);
        CliResult export = Cli.Run("export", "--model", original, "--out-dir", dir.Path);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.True(File.Exists(dir.File("scaling.csv")));
        Assert.StartsWith("offset,scale,kind\n", File.ReadAllText(dir.File("scaling.csv")), StringComparison.Ordinal);

        string reimported = dir.File("back.spn");
        CliResult import = Cli.Run(
            "import", "--theta", dir.File("theta1.csv"), dir.File("theta2.csv"), "--scaling", dir.File("scaling.csv"), "--out", reimported);
        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(reimported));
    }

    [Fact]
    public void ExportOverAnEarlierExportRemovesTheFilesTheNewModelDoesNotHave()
    {
        using var dir = new TempDirectory();
        string deep = dir.SaveModel("deep.spn", TestModels.Random(new NetworkArchitecture(4, 3, 3, 2), 3, withScaling: true));
        string shallow = dir.SaveModel("shallow.spn", TestModels.Random(new NetworkArchitecture(4, 3, 2), 5));
        string csv = dir.File("csv");
        Assert.Equal(0, Cli.Run("export", "--model", deep, "--out-dir", csv).ExitCode);
        Assert.True(File.Exists(Path.Combine(csv, "theta3.csv")));
        Assert.True(File.Exists(Path.Combine(csv, "scaling.csv")));

        CliResult again = Cli.Run("export", "--model", shallow, "--out-dir", csv);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(File.Exists(Path.Combine(csv, "theta3.csv")));
        Assert.False(File.Exists(Path.Combine(csv, "scaling.csv")));
        Assert.Contains("removed", again.Out, StringComparison.Ordinal);
        string back = dir.File("back.spn");
        Assert.Equal(0, Cli.Run("import", "--theta", Path.Combine(csv, "theta1.csv"), Path.Combine(csv, "theta2.csv"), "--out", back).ExitCode);
        Assert.Equal(File.ReadAllBytes(shallow), File.ReadAllBytes(back));
    }

    [Fact]
    public void ImportInfersTheArchitectureFromTheShapes()
    {
        using var dir = new TempDirectory();
        string t1 = dir.Write("T1.csv", "bias,w1,w2,w3\n0.5,1,2,3\n-0.5,4,5,6\n\n\n");
        string t2 = dir.Write("T2.csv", "1, 2 ,-3\r\n");
        string output = dir.File("sub/dir/model.spn");
        CliResult result = Cli.Run("import", "--theta", t1, "--theta", t2, "--out", output);
        Assert.True(result.ExitCode == 0, result.ToString());

        Model model = ModelFile.Load(output);
        Assert.Equal(new NetworkArchitecture(3, 2, 1), model.Architecture);
        Assert.Null(model.Scaling);
        Assert.Equal([0.5f, 1, 2, 3, -0.5f, 4, 5, 6, 1, 2, -3], model.Parameters.ToArray());
    }

    [Fact]
    public void ImportRejectsMismatchedShapesNamingTheFile()
    {
        using var dir = new TempDirectory();
        string t1 = dir.Write("first.csv", "1,2,3,4\n5,6,7,8\n9,10,11,12\n"); // 3 × 4: s1 = 3, s2 = 3
        string t2 = dir.Write("second.csv", "1,2,3,4,5\n");                   // 1 × 5 expects s2 = 4
        string output = dir.File("model.spn");
        CliResult result = Cli.Run("import", "--theta", t1, "--theta", t2, "--out", output);

        string message = Cli.AssertOneLineError(result);
        Assert.Contains("second.csv", message, StringComparison.Ordinal);
        Assert.Contains("first.csv", message, StringComparison.Ordinal);
        Assert.Contains("3 rows", message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("1,2,3\n4,x,6\n", 2, 2)]
    [InlineData("1,2,3\n4,5\n", 2, 3)]
    [InlineData("1,2,3\n4,5,6,7\n", 2, 4)]
    [InlineData("1,2,NaN\n", 1, 3)]
    [InlineData("1,2,3\n4,5,-Infinity\n", 2, 3)]
    [InlineData("1,2,3\n4,5,1e39\n", 2, 3)]
    [InlineData("1,2,3\n\n4,5,6\n", 2, null)]
    [InlineData("", 1, null)]
    [InlineData("a,b,c\n", 2, null)]
    public void ImportRejectsBadThetaCsvWithoutWritingTheModel(string contents, int line, int? column)
    {
        using var dir = new TempDirectory();
        string theta = dir.Write("theta-bad.csv", contents);
        string output = dir.File("model.spn");
        CliResult result = Cli.Run("import", "--theta", theta, "--out", output);

        string message = Cli.AssertOneLineError(result);
        Assert.Contains("theta-bad.csv", message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", message, StringComparison.Ordinal);
        if (column is { } c)
        {
            Assert.Contains($"column {c}", message, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(output));
    }

    [Fact]
    public void ImportRejectsAThetaWithOnlyABiasColumn()
    {
        using var dir = new TempDirectory();
        string theta = dir.Write("t.csv", "1\n2\n");
        string message = Cli.AssertOneLineError(Cli.Run("import", "--theta", theta, "--out", dir.File("m.spn")));
        Assert.Contains("t.csv", message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
    }

    [Fact]
    public void ImportRejectsAScalingFileOfTheWrongLength()
    {
        using var dir = new TempDirectory();
        string theta = dir.Write("t.csv", "0,1,2\n");
        string scaling = dir.Write("s.csv", "offset,scale,kind\n0,1,1\n");
        string message = Cli.AssertOneLineError(Cli.Run("import", "--theta", theta, "--scaling", scaling, "--out", dir.File("m.spn")));
        Assert.Contains("s.csv", message, StringComparison.Ordinal);
        Assert.Contains("2 inputs", message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
    }

    [Fact]
    public void MissingFilesAndCorruptModelsGiveOneLine()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("nope.csv");
        Assert.Contains("nope.csv", Cli.AssertOneLineError(Cli.Run("import", "--theta", missing, "--out", dir.File("m.spn"))), StringComparison.Ordinal);
        Assert.Contains("nope.spn", Cli.AssertOneLineError(Cli.Run("export", "--model", dir.File("nope.spn"), "--out-dir", dir.File("out"))), StringComparison.Ordinal);

        string garbage = dir.Write("garbage.spn", "this is not a model");
        string message = Cli.AssertOneLineError(Cli.Run("export", "--model", garbage, "--out-dir", dir.File("out")));
        Assert.Contains("garbage.spn", message, StringComparison.Ordinal);
        Assert.Contains("SPNN", message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("out")));

        // A valid model with one flipped byte fails its checksum.
        string model = dir.SaveModel("flipped.spn", TestModels.Random(new NetworkArchitecture(2, 2), 1));
        byte[] bytes = File.ReadAllBytes(model);
        bytes[^8] ^= 0x40;
        File.WriteAllBytes(model, bytes);
        Assert.Contains("flipped.spn", Cli.AssertOneLineError(Cli.Run("export", "--model", model, "--out-dir", dir.File("out"))), StringComparison.Ordinal);
    }
}
