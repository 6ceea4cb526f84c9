using System.Globalization;
using System.Text.Json;
using SpanNet.Evaluation;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Tests;

public class EvalPredictTests
{
    [Fact]
    public void EvalTextMatchesModelEvaluationOnTheDigitsTestSplit()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        Model model = ModelFile.Load(run.ModelPath);
        EvaluationReport expected = ModelEvaluation.Evaluate(model, run.Test);

        CliResult result = Cli.Run("eval", "--model", run.ModelPath, "--data", run.TestCsv);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);
        string[] lines = result.Out.Split('\n');
        int correct = Enumerable.Range(0, 10).Sum(k => expected.Count(k, k));
        Assert.Contains($"accuracy  {(expected.Accuracy * 100).ToString("F2", CultureInfo.InvariantCulture)}% ({correct} / 360)", lines);
        Assert.Contains($"cost      {expected.Cost.ToString("R", CultureInfo.InvariantCulture)} (cross-entropy, λ = 0)", lines);
        Assert.Contains(lines, l => l.StartsWith("model     ", StringComparison.Ordinal) && l.Contains("64-25-10 network, min-max input scaling", StringComparison.Ordinal));

        // The table: a header of predicted classes, then one row per true class: counts ('.' for 0), total, recall.
        int header = Array.FindIndex(lines, l => l.StartsWith("true\\pred", StringComparison.Ordinal));
        Assert.True(header >= 0, result.Out);
        Assert.Equal([.. Enumerable.Range(0, 10).Select(k => k.ToString(CultureInfo.InvariantCulture)), "|", "total", "recall"], lines[header].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]);
        for (int actual = 0; actual < 10; actual++)
        {
            string[] cells = lines[header + 2 + actual].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(actual.ToString(CultureInfo.InvariantCulture), cells[0]);
            int rowTotal = 0;
            for (int predicted = 0; predicted < 10; predicted++)
            {
                int count = expected.Count(actual, predicted);
                rowTotal += count;
                Assert.Equal(count == 0 ? "." : count.ToString(CultureInfo.InvariantCulture), cells[1 + predicted]);
            }

            Assert.Equal("|", cells[11]);
            Assert.Equal(rowTotal.ToString(CultureInfo.InvariantCulture), cells[12]);
            Assert.Equal((100.0 * expected.Count(actual, actual) / rowTotal).ToString("F1", CultureInfo.InvariantCulture) + "%", cells[13]);
        }

        string[] totals = lines[header + 13].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("total", totals[0]);
        Assert.Equal("360", totals[^1]);
    }

    [Fact]
    public void EvalJsonMatchesModelEvaluation()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        EvaluationReport expected = ModelEvaluation.Evaluate(ModelFile.Load(run.ModelPath), run.Test);

        CliResult result = Cli.Run("eval", "--model", run.ModelPath, "--data", run.TestCsv, "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using JsonDocument json = JsonDocument.Parse(result.Out);
        JsonElement root = json.RootElement;
        Assert.Equal(360, root.GetProperty("examples").GetInt32());
        Assert.Equal(expected.Accuracy, root.GetProperty("accuracy").GetDouble());
        Assert.Equal(expected.Cost, root.GetProperty("cost").GetDouble());
        Assert.Equal(10, root.GetProperty("classes").GetInt32());
        Assert.Equal("64-25-10", root.GetProperty("architecture").GetString());
        int[][] matrix = [.. root.GetProperty("confusionMatrix").EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.GetInt32()).ToArray())];
        Assert.Equal(10, matrix.Length);
        for (int actual = 0; actual < 10; actual++)
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(p => expected.Count(actual, p)), matrix[actual]);
        }

        Assert.Equal(Enumerable.Range(0, 10).Sum(k => expected.Count(k, k)), root.GetProperty("correct").GetInt32());
    }

    [Fact]
    public void PredictPrintsOneClassPerExampleAsModelPredictClass()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        Model model = ModelFile.Load(run.ModelPath);

        CliResult withLabels = Cli.Run("predict", "--model", run.ModelPath, "--data", run.TestCsv);
        CliResult withoutLabels = Cli.Run("predict", "--model", run.ModelPath, "--data", run.TestCsvWithoutLabels);
        Assert.True(withLabels.ExitCode == 0, withLabels.ToString());
        Assert.True(withoutLabels.ExitCode == 0, withoutLabels.ToString());
        Assert.Equal("", withLabels.Error);
        Assert.Equal(withLabels.Out, withoutLabels.Out);

        string[] lines = withLabels.Out.Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.Equal(run.Test.Count, lines.Length - 1);
        for (int i = 0; i < run.Test.Count; i++)
        {
            Assert.Equal(model.PredictClass(run.Test.Features(i)).ToString(CultureInfo.InvariantCulture), lines[i]);
        }
    }

    [Fact]
    public void PredictProbabilitiesAreTheModelOutputsInRoundTripFormat()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        Model model = ModelFile.Load(run.ModelPath);

        CliResult result = Cli.Run("predict", "--model", run.ModelPath, "--data", run.TestCsvWithoutLabels, "--probabilities");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(run.Test.Count, lines.Length);
        float[] expected = new float[10];
        double sumOfSums = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string[] cells = lines[i].Split(',');
            Assert.Equal(11, cells.Length);
            float[] outputs = [.. cells[1..].Select(c => float.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture))];
            model.Predict(run.Test.Features(i), expected);
            Assert.Equal(expected, outputs); // round-trip formatting: bit-identical
            Assert.All(outputs, p => Assert.InRange(p, 0f, 1f));

            int predicted = int.Parse(cells[0], CultureInfo.InvariantCulture);
            Assert.Equal(model.PredictClass(run.Test.Features(i)), predicted);
            Assert.Equal(outputs.Max(), outputs[predicted]);
            sumOfSums += outputs.Sum();
        }

        // Independent sigmoids need not sum to 1, but a well-trained one-hot model's outputs come close on average.
        Assert.InRange(sumOfSums / lines.Length, 0.8, 1.25);
    }

    [Fact]
    public void PredictAcceptsAHeaderAndDecidesTheLabelColumnByTheFirstRow()
    {
        using var dir = new TempDirectory();
        var architecture = new NetworkArchitecture(3, 4, 2);
        Model model = TestModels.Random(architecture, 3, withScaling: true);
        string modelPath = dir.SaveModel("m.spn", model);
        string features = dir.Write("features.csv", "a,b,c\n1,2,3\n-1,0.5,7\n");
        string labeled = dir.Write("labeled.csv", "a,b,c,label\n1,2,3,1\n-1,0.5,7,0\n");

        CliResult a = Cli.Run("predict", "--model", modelPath, "--data", features, "--probabilities");
        CliResult b = Cli.Run("predict", "--model", modelPath, "--data", labeled, "--probabilities");
        Assert.True(a.ExitCode == 0, a.ToString());
        Assert.Equal(a.Out, b.Out);
        float[] outputs = new float[2];
        model.Predict([-1f, 0.5f, 7f], outputs);
        Assert.Equal(
            $"{model.PredictClass([-1f, 0.5f, 7f])},{outputs[0].ToString("R", CultureInfo.InvariantCulture)},{outputs[1].ToString("R", CultureInfo.InvariantCulture)}",
            a.Out.Split('\n')[1]);
    }

    [Theory]
    [InlineData("1,2\n", "line 1", "has 2 cells per row, but the model takes 3 features")]
    [InlineData("1,2,3,4,5\n", "line 1", "has 5 cells per row")]
    [InlineData("1,2,3\n4,5,6,0\n", "line 2, column 4", "expected 3 cells")] // the first row decides: no label column
    [InlineData("1,2,3,0\n4,5,6\n", "line 2, column 4", "expected 4 cells")]
    [InlineData("1,2,3\n4,NaN,6\n", "line 2, column 2", "not a finite number")]
    [InlineData("", "line 1", "no data rows")]
    public void PredictRejectsDataThatDoesNotFit(string contents, string where, string what)
    {
        using var dir = new TempDirectory();
        string modelPath = dir.SaveModel("m.spn", TestModels.Random(new NetworkArchitecture(3, 4, 2), 3));
        string data = dir.Write("x.csv", contents);
        string message = Cli.AssertOneLineError(Cli.Run("predict", "--model", modelPath, "--data", data));
        Assert.Contains($"x.csv: {where}", message, StringComparison.Ordinal);
        Assert.Contains(what, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,2,3,5\n", "line 1, column 4", "label 5 is outside 0 … 1")]
    [InlineData("1,2,0\n", "line 1", "has 2 feature columns")]
    [InlineData("1,2,3,0\n1,2,3,x\n", "line 2, column 4", "not a number")]
    public void EvalRejectsDataThatDoesNotFit(string contents, string where, string what)
    {
        using var dir = new TempDirectory();
        string modelPath = dir.SaveModel("m.spn", TestModels.Random(new NetworkArchitecture(3, 4, 2), 3));
        string data = dir.Write("x.csv", contents);
        string message = Cli.AssertOneLineError(Cli.Run("eval", "--model", modelPath, "--data", data, "--json"));
        Assert.Contains($"x.csv: {where}", message, StringComparison.Ordinal);
        Assert.Contains(what, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("predict", "1,2,3\n1,3e38,3\n")]
    [InlineData("eval", "1,2,3,0\n1,3e38,3,1\n")]
    [InlineData("cost", "1,2,3,0\n1,3e38,3,1\n")]
    public void AValueThatScalesBeyondTheFloatRangeIsReportedAtItsCellBeforeAnythingIsWritten(string command, string contents)
    {
        // Scale 4: 3e38 scales to 1.2e39, beyond float; the model would otherwise compute with ∞.
        using var dir = new TempDirectory();
        var model = new Model(Network.CreateRandom(new NetworkArchitecture(3, 4, 2), 3), FeatureScaling.FromParameters(ScalingKind.MinMax, [0f, 0f, 0f], [4f, 4f, 4f]));
        string modelPath = dir.SaveModel("m.spn", model);
        string data = dir.Write("x.csv", contents);
        CliResult result = command == "cost"
            ? Cli.Run(command, "--model", modelPath, "--data", data, "--lambda", "1")
            : Cli.Run(command, "--model", modelPath, "--data", data);
        string message = Cli.AssertOneLineError(result);
        Assert.Contains("x.csv: line 2, column 2", message, StringComparison.Ordinal);
        Assert.Contains("3E+38 is so far outside the values the input scaling was learned from (offset 0, scale 4)", message, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void MissingOrCorruptModelsAreOneLineErrors()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("x.csv", "1,2,3,0\n");
        string corrupt = dir.Write("corrupt.spn", "not a model");
        foreach (string command in new[] { "eval", "predict" })
        {
            Assert.Contains("model file not found", Cli.AssertOneLineError(Cli.Run(command, "--model", dir.File("missing.spn"), "--data", data)), StringComparison.Ordinal);
            Assert.Contains("corrupt.spn", Cli.AssertOneLineError(Cli.Run(command, "--model", corrupt, "--data", data)), StringComparison.Ordinal);
        }
    }
}
