using System.Globalization;
using System.Text.Json;
using SpanNet.Backprop;
using SpanNet.Data;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Tests;

public class CostTests
{
    // A 1-2 network, Θ = [[0, 1], [0, −1]], one example x = 1 with label 0 (y = [1, 0]):
    // z = [1, −1], so J = −log σ(1) − log(1 − σ(−1)) + (λ/2m)(1² + (−1)²) = 2·log(1 + e^−1) + λ.
    private static readonly float[] TinyTheta = [0f, 1f, 0f, -1f];

    [Fact]
    public void CostOfATinyModelMatchesTheHandComputedValueAndBackpropagation()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(1, 2);
        string model = dir.SaveModel("tiny.spn", new Model(architecture, TinyTheta));
        string data = dir.Write("tiny.csv", "x,label\n1,0\n");

        CliResult result = Cli.Run("cost", "--model", model, "--data", data, "--lambda", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        double printed = double.Parse(result.Out.Trim(), CultureInfo.InvariantCulture);

        double expected = (2 * Math.Log(1 + Math.Exp(-1))) + 2;
        Assert.Equal(expected, printed, 1e-6);

        double library = new Backpropagation(architecture).Cost(TinyTheta, LabeledData.FromClassLabels([1f], 1, [0], 2), 2f);
        Assert.Equal(library, printed); // printed with round-trip formatting: exactly the library's value
    }

    [Fact]
    public void GradientOutWritesEachDInThetasShape()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(1, 2);
        string model = dir.SaveModel("tiny.spn", new Model(architecture, TinyTheta));
        string data = dir.Write("tiny.csv", "1,0\n");
        string gradients = dir.File("grads");
        Directory.CreateDirectory(gradients);
        File.WriteAllText(Path.Combine(gradients, "grad2.csv"), "1,2\n"); // a deeper network's, from an earlier run

        CliResult result = Cli.Run("cost", "--model", model, "--data", data, "--lambda", "2", "--gradient-out", gradients);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["grad1.csv"], Directory.GetFiles(gradients).Select(Path.GetFileName));

        string[] lines = File.ReadAllLines(Path.Combine(gradients, "grad1.csv"));
        Assert.Equal(2, lines.Length);
        float[] written = [.. lines.SelectMany(l => l.Split(',')).Select(c => float.Parse(c, CultureInfo.InvariantCulture))];

        // D = (σ(z) − y)·[1, x] + (λ/m)·[0, w]: row 1 (y = 1), row 2 (y = 0).
        double s = 1 / (1 + Math.E); // σ(−1)
        double[] expected = [-s, -s + 2, s, s - 2];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], written[i], 1e-6);
        }

        float[] library = new float[4];
        new Backpropagation(architecture).CostAndGradient(TinyTheta, LabeledData.FromClassLabels([1f], 1, [0], 2), 2f, library);
        Assert.Equal(library, written);
    }

    [Fact]
    public void JsonOutputParses()
    {
        using var dir = new TempDirectory();
        string model = dir.SaveModel("tiny.spn", new Model(new NetworkArchitecture(1, 2), TinyTheta));
        string data = dir.Write("tiny.csv", "1,0\n-2,1\n0.5,1\n");

        CliResult result = Cli.Run("cost", "--model", model, "--data", data, "--lambda", "0.1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.Equal(3, root.GetProperty("examples").GetInt32());
        Assert.Equal(0.1, root.GetProperty("lambda").GetDouble());
        double library = new Backpropagation(new NetworkArchitecture(1, 2)).Cost(
            TinyTheta, LabeledData.FromClassLabels([1f, -2f, 0.5f], 1, [0, 1, 1], 2), 0.1f);
        Assert.Equal(library, root.GetProperty("cost").GetDouble());
    }

    [Fact]
    public void TheModelsInputScalingIsAppliedFirst()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(3, 4, 2);
        Model model = TestModels.Random(architecture, 8, withScaling: true);
        string modelPath = dir.SaveModel("scaled.spn", model);
        float[] raw = [1f, 2f, 3f, -4f, 5.5f, 0f];
        int[] labels = [1, 0];
        string data = dir.Write("d.csv", "1,2,3,1\n-4,5.5,0,0\n");

        CliResult result = Cli.Run("cost", "--model", modelPath, "--data", data, "--lambda", "1");
        Assert.True(result.ExitCode == 0, result.ToString());

        float[] scaled = new float[raw.Length];
        model.Scaling!.Apply(raw.AsSpan(0, 3), scaled.AsSpan(0, 3));
        model.Scaling.Apply(raw.AsSpan(3, 3), scaled.AsSpan(3, 3));
        double expected = new Backpropagation(architecture).Cost(model.Parameters, LabeledData.FromClassLabels(scaled, 3, labels, 2), 1f);
        Assert.Equal(expected, double.Parse(result.Out, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CostOnTheDigitsDataMatchesTheLibrary()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(64, 25, 10);
        Model model = TestModels.Random(architecture, 2024);
        string modelPath = dir.SaveModel("digits.spn", model);
        string digits = Path.Combine(AppContext.BaseDirectory, "digits", "digits.csv");

        CliResult result = Cli.Run("cost", "--model", modelPath, "--data", digits, "--lambda", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.Out);
        Assert.Equal(1797, json.RootElement.GetProperty("examples").GetInt32());

        string[] lines = File.ReadAllLines(digits);
        float[] features = [.. lines.SelectMany(l => l.Split(',')[..64]).Select(c => float.Parse(c, CultureInfo.InvariantCulture))];
        int[] labels = [.. lines.Select(l => int.Parse(l.Split(',')[64], CultureInfo.InvariantCulture))];
        double expected = new Backpropagation(architecture).Cost(model.Parameters, LabeledData.FromClassLabels(features, 64, labels, 10), 1f);
        Assert.Equal(expected, json.RootElement.GetProperty("cost").GetDouble());
    }

    public static TheoryData<string, string, int, int?> BadData => new()
    {
        // name, contents (2 features + label, K = 3), line, column
        { "ragged-short", "1,2,0\n3,4,1\n5,6\n", 3, 3 },
        { "ragged-long", "f1,f2,label\n1,2,0\n3,4,1,9\n", 3, 4 },
        { "non-numeric", "1,2,0\n3,four,1\n", 2, 2 },
        { "empty-cell", "1,2,0\n3,,1\n", 2, 2 },
        { "nan", "1,2,0\n3,4,1\nNaN,5,2\n", 3, 1 },
        { "infinity", "1,Infinity,0\n", 1, 2 },
        { "overflow", "1,2,0\n-1e40,2,0\n", 2, 1 },
        { "label-out-of-range", "1,2,0\n3,4,3\n", 2, 3 },
        { "label-negative", "1,2,0\n3,4,-1\n", 2, 3 },
        { "label-not-integer", "1,2,0.5\n", 1, 3 },
        { "label-not-a-number", "f1,f2,label\n1,2,zero\n", 2, 3 },
        { "empty", "", 1, null },
        { "only-blank-lines", "\n  \n\n", 1, null },
        { "header-only", "f1,f2,label\n", 2, null },
        { "typo-in-first-row", "0.5,NA,0\n1,2,1\n", 1, 2 },        // a row with numbers is data, never a header
        { "letter-o-in-first-row", "O.1,2,0\n1,2,1\n", 1, 1 },
        { "numbers-not-column-numbers", "0,2,label\n1,2,0\n", 1, 3 }, // not 0, 1: data, and 'label' is no label
        { "blank-line-inside", "1,2,0\n\n3,4,1\n", 2, null },
        { "wrong-feature-count", "1,2,3,0\n", 1, null },
        { "semicolons", "f1;f2;label\n1;2;0\n", 1, null },
        { "unterminated-quote", "1,\"2,0\n", 1, 2 },
    };

    [Theory]
    [MemberData(nameof(BadData))]
    public void BadDataGivesOneLineWithFileLineAndColumnAndWritesNothing(string name, string contents, int line, int? column)
    {
        using var dir = new TempDirectory();
        string model = dir.SaveModel("m.spn", TestModels.Random(new NetworkArchitecture(2, 3, 3), 4));
        string data = dir.Write($"{name}.csv", contents);
        string gradients = dir.File("grads");

        CliResult result = Cli.Run("cost", "--model", model, "--data", data, "--lambda", "1", "--gradient-out", gradients);

        string message = Cli.AssertOneLineError(result);
        Assert.Contains($"{name}.csv", message, StringComparison.Ordinal);
        Assert.Contains($"line {line}", message, StringComparison.Ordinal);
        if (column is { } c)
        {
            Assert.Contains($"column {c}", message, StringComparison.Ordinal);
        }

        Assert.Equal("", result.Out);
        Assert.False(Directory.Exists(gradients));
    }

    [Fact]
    public void AcceptsHeadersQuotesBomCrlfAndIntegralLabelsWrittenAsFloats()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(2, 3);
        Model model = TestModels.Random(architecture, 6);
        string modelPath = dir.SaveModel("m.spn", model);
        string plain = dir.Write("plain.csv", "0.5,-1,2\n3,4e-1,0\n");
        string fancy = dir.Write("fancy.csv", "\uFEFF\"a\", \"b\" ,label\r\n \"0.5\" , -1.0 , 2.0 \r\n3,0.4,0e0\r\n\r\n\r\n");

        // pandas writes numbered feature columns: 0 … n−1 (or 1 … n), then the label column's name.
        string numbered = dir.Write("numbered.csv", "0,1,label\n0.5,-1,2\n3,4e-1,0\n");
        string numberedFromOne = dir.Write("numbered1.csv", "\"1\",\"2\",\"y\"\n0.5,-1,2\n3,4e-1,0\n");

        CliResult a = Cli.Run("cost", "--model", modelPath, "--data", plain, "--lambda", "0");
        CliResult b = Cli.Run("cost", "--model", modelPath, "--data", fancy, "--lambda", "0");
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.True(b.ExitCode == 0, b.ToString());
        Assert.Equal(a.Out, b.Out);
        foreach (string file in new[] { numbered, numberedFromOne })
        {
            CliResult c = Cli.Run("cost", "--model", modelPath, "--data", file, "--lambda", "0");
            Assert.True(c.ExitCode == 0, c.ToString());
            Assert.Equal(a.Out, c.Out);
        }
    }

    [Fact]
    public void LambdaMustBeAFiniteNonNegativeNumber()
    {
        using var dir = new TempDirectory();
        string model = dir.SaveModel("m.spn", TestModels.Random(new NetworkArchitecture(1, 2), 1));
        string data = dir.Write("d.csv", "1,0\n");
        foreach (string lambda in new[] { "-1", "abc", "NaN", "Infinity" })
        {
            Cli.AssertOneLineError(Cli.Run("cost", "--model", model, "--data", data, "--lambda", lambda), exitCode: 2);
        }

        Cli.AssertOneLineError(Cli.Run("cost", "--model", model, "--data", data), exitCode: 2);
    }
}
