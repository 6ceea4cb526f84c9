using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SpanNet.Cli.Commands;
using SpanNet.Cli.Infrastructure;
using SpanNet.Evaluation;
using SpanNet.Models;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Cli.Tests;

public class TrainTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void DefaultDigitsRunReachesAtLeast97PercentAndWritesALoadableModel()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        CliResult result = run.Cli;
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Error);

        // What it says it did: the data, its attribution, the defaults.
        Assert.Contains("Training a 64-25-10 network on the 8×8 handwritten digits", result.Out, StringComparison.Ordinal);
        Assert.Contains("CC BY 4.0", result.Out, StringComparison.Ordinal);
        Assert.Contains("1437 training, 360 test examples", result.Out, StringComparison.Ordinal);
        Assert.Contains("L-BFGS, λ = 1, at most 400 iterations, seed 1", result.Out, StringComparison.Ordinal);
        Assert.Contains($"model saved to      {run.ModelPath}", result.Out, StringComparison.Ordinal);

        double testAccuracy = Percentage(result.Out, "test accuracy");
        Assert.InRange(testAccuracy, 97, 100);
        Assert.InRange(Percentage(result.Out, "training accuracy"), 97, 100);

        // Redirected output: about twenty plain progress lines, no carriage returns.
        Assert.DoesNotContain('\r', result.Out);
        int progressLines = result.Out.Split('\n').Count(l => l.StartsWith("iteration ", StringComparison.Ordinal));
        Assert.InRange(progressLines, 2, TrainingProgress.RedirectedLines + 2);

        // The model: the architecture, min-max scaling learned from the training rows, and the printed accuracy.
        Model model = ModelFile.Load(run.ModelPath);
        Assert.Equal(new NetworkArchitecture(64, 25, 10), model.Architecture);
        Assert.Equal(ScalingKind.MinMax, model.Scaling!.Kind);
        EvaluationReport report = ModelEvaluation.Evaluate(model, run.Test);
        Assert.Equal(testAccuracy, Math.Round(report.Accuracy * 100, 2));
        Assert.Empty(Directory.GetFiles(run.Directory, ".spannet-*")); // no temporary files left
    }

    [Fact]
    public void PlotIsAValidSvgLearningCurve()
    {
        DigitsRun.Trained run = DigitsRun.Result;
        Assert.True(run.Cli.ExitCode == 0, run.Cli.ToString());
        Assert.Contains($"learning curve      {run.PlotPath}", run.Cli.Out, StringComparison.Ordinal);

        XDocument svg = XDocument.Load(run.PlotPath);
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        string title = svg.Root.Element(Svg + "title")!.Value;
        Assert.Contains("64-25-10", title, StringComparison.Ordinal);
        Assert.Contains("L-BFGS", title, StringComparison.Ordinal);
        Assert.Contains("λ = 1", title, StringComparison.Ordinal);

        // Four lines (training and test, cost and accuracy), each with a point per iteration.
        var lines = svg.Descendants(Svg + "polyline").ToDictionary(p => (string)p.Attribute("id")!);
        Assert.Equal(["test-accuracy", "test-cost", "training-accuracy", "training-cost"], lines.Keys.Order(StringComparer.Ordinal));
        foreach (XElement line in lines.Values)
        {
            string[] points = ((string)line.Attribute("points")!).Split(' ');
            Assert.Equal(400, points.Length);
            foreach (string point in points)
            {
                string[] xy = point.Split(',');
                Assert.Equal(2, xy.Length);
                Assert.All(xy, v => Assert.True(double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d), point));
            }
        }

        // Axes with labelled ticks, axis titles and a legend.
        string[] texts = [.. svg.Descendants(Svg + "text").Select(t => t.Value)];
        Assert.Contains("iteration", texts);
        Assert.Contains("cost J (log scale)", texts);
        Assert.Contains("accuracy", texts);
        Assert.Contains("training", texts);
        Assert.Contains("test", texts);
        Assert.Contains("100%", texts);
        Assert.Contains("400", texts);
    }

    [Theory]
    [InlineData("lbfgs", 40)]
    [InlineData("cg", 40)]
    [InlineData("adam", 150)]
    [InlineData("sgd", 40)]
    [InlineData("gd", 1500)]
    public void EveryOptimizerTrainsASmallCsv(string optimizer, int epochs)
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(150, seed: 1));
        string test = dir.Write("test.csv", SyntheticData.Csv(60, seed: 2, header: false));
        string model = dir.File("model.spn");
        string[] extra = optimizer == "gd" ? ["--learning-rate", "0.5"] : [];

        CliResult result = Cli.Run(["train", "--data", train, "--test", test, "--optimizer", optimizer, "--epochs", epochs.ToString(CultureInfo.InvariantCulture), "--out", model, .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Training a 4-25-3 network on " + train, result.Out, StringComparison.Ordinal);
        // The classes' means are ~4.9 standard deviations apart at the closest pair (Bayes error ~0.7%;
        // measured: 1 of 150 training and at most 1 of 60 test rows wrong, on the Vector512 and scalar paths):
        // 98% / 95% (at most 3 of 60 test rows wrong) leave room for the optimizers, not for a bug.
        Assert.InRange(Percentage(result.Out, "training accuracy"), 98, 100);
        Assert.InRange(Percentage(result.Out, "test accuracy"), 95, 100);
        Assert.Equal(new NetworkArchitecture(4, 25, 3), ModelFile.Load(model).Architecture);
    }

    [Fact]
    public void DataWithoutTestOrValidationReportsTrainingAccuracyOnly()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(90, seed: 3));
        CliResult result = Cli.Run("train", "--data", train, "--epochs", "30", "--layers", "4,6,3", "--scaling", "standardize", "--out", dir.File("m.spn"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("90 training examples; standardized inputs", result.Out, StringComparison.Ordinal);
        Assert.Contains("training accuracy", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("test accuracy", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("validation accuracy", result.Out, StringComparison.Ordinal);
        Model model = ModelFile.Load(dir.File("m.spn"));
        Assert.Equal(new NetworkArchitecture(4, 6, 3), model.Architecture);
        Assert.Equal(ScalingKind.Standardize, model.Scaling!.Kind);
    }

    [Fact]
    public void ValidationSplitHoldsOutRowsAndReportsThem()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(100, seed: 4));
        string plot = dir.File("curve.svg");
        CliResult result = Cli.Run(
            "train", "--data", train, "--validation-split", "0.25", "--optimizer", "adam", "--epochs", "200",
            "--early-stopping-patience", "5", "--scaling", "none", "--out", dir.File("m.spn"), "--plot", plot);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("75 training, 25 validation examples; no input scaling", result.Out, StringComparison.Ordinal);
        Assert.Matches(@"training accuracy   [\d.]+% \(\d+ / 75\)", result.Out);
        Assert.Matches(@"validation accuracy [\d.]+% \(\d+ / 25\)", result.Out);
        Assert.Matches(@"(?m)^epoch +\d+/200 \[[█░]+\] J [\d.]+  train +[\d.]+%  validation +[\d.]+% J [\d.]+", result.Out);
        Assert.Null(ModelFile.Load(dir.File("m.spn")).Scaling);

        XDocument svg = XDocument.Load(plot);
        Assert.NotNull(svg.Descendants(Svg + "polyline").SingleOrDefault(p => (string?)p.Attribute("id") == "validation-cost"));
        Assert.Contains("early stopping after", result.Out, StringComparison.Ordinal);
        Assert.Contains(svg.Descendants(Svg + "text"), t => t.Value.StartsWith("best validation cost", StringComparison.Ordinal));
    }

    [Fact]
    public void DigitsWithAValidationSplitStillReportTheTestSet()
    {
        using var dir = new TempDirectory();
        CliResult result = Cli.Run("train", "--validation-split", "0.2", "--epochs", "5", "--out", dir.File("m.spn"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("1149 training, 288 validation, 360 test examples", result.Out, StringComparison.Ordinal);
        Assert.Contains("validation accuracy", result.Out, StringComparison.Ordinal);
        Assert.Contains("test accuracy", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameSeedGivesTheSameModel()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(60, seed: 5));
        string[] args = ["train", "--data", train, "--optimizer", "sgd", "--epochs", "10", "--batch-size", "7", "--seed", "42"];
        Assert.Equal(0, Cli.Run([.. args, "--out", dir.File("a.spn")]).ExitCode);
        Assert.Equal(0, Cli.Run([.. args, "--out", dir.File("b.spn")]).ExitCode);
        Assert.Equal(0, Cli.Run([.. args[..^1], "43", "--out", dir.File("c.spn")]).ExitCode);
        Assert.Equal(File.ReadAllBytes(dir.File("a.spn")), File.ReadAllBytes(dir.File("b.spn")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.spn")), File.ReadAllBytes(dir.File("c.spn")));
    }

    [Fact]
    public void TheThreadCountDoesNotChangeTheModel()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(400, seed: 11));
        string[] args = ["train", "--data", train, "--epochs", "15"];
        Assert.Equal(0, Cli.Run([.. args, "--out", dir.File("one.spn")]).ExitCode);
        CliResult two = Cli.Run([.. args, "--threads", "2", "--out", dir.File("two.spn")]);
        Assert.True(two.ExitCode == 0, two.ToString());
        Assert.Contains("seed 1, 2 threads", two.Out, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllBytes(dir.File("one.spn")), File.ReadAllBytes(dir.File("two.spn")));
    }

    [Fact]
    public void LabelsBelowTheLastLayerSizeAreEnough()
    {
        // --layers 4,5,6 on data with labels 0…2: six outputs, three of them never the answer.
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 6));
        CliResult result = Cli.Run("train", "--data", train, "--layers", "4,5,6", "--epochs", "5", "--out", dir.File("m.spn"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(6, ModelFile.Load(dir.File("m.spn")).Architecture.OutputCount);
    }

    public static TheoryData<string, string, string, int, int?> BadTrainingData => new()
    {
        // name, training CSV (2 features + label), extra option, line, column
        { "ragged", "1,2,0\n3,4,1\n5,6\n", "", 3, 3 },
        { "non-numeric", "x,y,label\n1,2,0\n3,four,1\n", "", 3, 2 },
        { "nan", "1,2,0\nNaN,5,1\n", "", 2, 1 },
        { "infinity", "1,2,0\n3,-Infinity,1\n", "", 2, 2 },
        { "empty", "", "", 1, null },
        { "header-only", "x,y,label\n", "", 2, null },
        { "negative-label", "1,2,0\n3,4,-2\n", "", 2, 3 },
        { "fractional-label", "1,2,0\n3,4,1.5\n", "", 2, 3 },
        { "label-beyond-layers", "1,2,0\n3,4,1\n5,6,2\n", "--layers=2,4,2", 3, 3 },
    };

    [Theory]
    [MemberData(nameof(BadTrainingData))]
    public void BadTrainingDataGivesOneLineNamingFileLineAndColumnAndWritesNothing(string name, string contents, string option, int line, int? column)
    {
        using var dir = new TempDirectory();
        string data = dir.Write($"{name}.csv", contents);
        CliResult result = Cli.Run(["train", "--data", data, "--out", dir.File("m.spn"), "--plot", dir.File("c.svg"), .. option.Length > 0 ? new[] { option } : []]);

        string message = Cli.AssertOneLineError(result);
        Assert.Contains($"{name}.csv: line {line}", message, StringComparison.Ordinal);
        if (column is { } c)
        {
            Assert.Contains($"column {c}", message, StringComparison.Ordinal);
        }

        Assert.Equal([data], Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [InlineData("1,2,3,0\n", "test.csv: line 1", "has 3 feature columns")] // wrong width
    [InlineData("1,2,0\n1,2,5\n", "test.csv: line 2, column 3", "label 5 is out of range")] // a class the training data does not have
    [InlineData("1,2,0\n1,oops,1\n", "test.csv: line 2, column 2", "not a number")]
    public void BadTestDataIsReportedBeforeTraining(string contents, string where, string what)
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", "1,2,0\n3,4,1\n5,6,2\n");
        string test = dir.Write("test.csv", contents);
        CliResult result = Cli.Run("train", "--data", train, "--test", test, "--out", dir.File("m.spn"), "--plot", dir.File("c.svg"));
        string message = Cli.AssertOneLineError(result);
        Assert.Contains(where, message, StringComparison.Ordinal);
        Assert.Contains(what, message, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
        Assert.False(File.Exists(dir.File("m.spn")));
        Assert.False(File.Exists(dir.File("c.svg")));
    }

    [Fact]
    public void LayersThatDoNotFitTheFeaturesAreRejected()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(12, seed: 7));
        string message = Cli.AssertOneLineError(Cli.Run("train", "--data", train, "--layers", "5,3,3", "--out", dir.File("m.spn")));
        Assert.Contains("--layers 5,3,3 starts with 5 inputs", message, StringComparison.Ordinal);
        Assert.Contains("4 feature columns", message, StringComparison.Ordinal);

        message = Cli.AssertOneLineError(Cli.Run("train", "--layers", "10,25,10", "--epochs", "1", "--out", dir.File("m.spn")));
        Assert.Contains("64 feature columns", message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
    }

    [Fact]
    public void DivergenceIsOneLineAndWritesNothing()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 8));
        CliResult result = Cli.Run(
            "train", "--data", train, "--optimizer", "gd", "--learning-rate", "1e30", "--epochs", "50", "--out", dir.File("m.spn"), "--plot", dir.File("c.svg"));
        string message = Cli.AssertOneLineError(result);
        Assert.Contains("training diverged in iteration", message, StringComparison.Ordinal);
        Assert.Contains("no model written", message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
        Assert.False(File.Exists(dir.File("c.svg")));
    }

    [Fact]
    public void CancellationExits130AndWritesNothing()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 9));
        using var stdout = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        using var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var settings = new TrainSettings { DataPath = train, OutPath = dir.File("m.spn"), PlotPath = dir.File("c.svg") };

        int code = TrainCommand.Run(settings, new CliConsole(stdout, stderr), new CancellationToken(canceled: true));

        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("spannet: error: training cancelled after 0 iterations; no model written.\n", stderr.ToString());
        Assert.False(File.Exists(dir.File("m.spn")));
        Assert.False(File.Exists(dir.File("c.svg")));
    }

    [Fact]
    public void CancellationDuringTheLastEpochExits130AndWritesNothing()
    {
        // The trainer looks at the token when an epoch starts; Ctrl+C during the last one (here the
        // only one: the writer cancels when the first progress line arrives) must still mean exit 130.
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 9));
        using var cancel = new CancellationTokenSource();
        using var stdout = new CancelOnFirstLineAfterFlush(cancel);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var settings = new TrainSettings { DataPath = train, OutPath = dir.File("m.spn"), PlotPath = dir.File("c.svg"), Optimizer = OptimizerKind.GradientDescent, Epochs = 1 };

        int code = TrainCommand.Run(settings, new CliConsole(stdout, stderr), cancel.Token);

        Assert.True(cancel.IsCancellationRequested);
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("spannet: error: training cancelled after 1 iteration; no model written.\n", stderr.ToString());
        Assert.False(File.Exists(dir.File("m.spn")));
        Assert.False(File.Exists(dir.File("c.svg")));
    }

    [Fact]
    public void APlotThatCannotBeWrittenLeavesThePreviousModelAlone()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 9));
        string model = dir.Write("m.spn", "the previous model");
        string blocker = dir.Write("results", "a file where the chart's directory should be");

        CliResult result = Cli.Run("train", "--data", train, "--epochs", "3", "--out", model, "--plot", Path.Combine(blocker, "c.svg"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("the previous model", File.ReadAllText(model));
    }

    [Fact]
    public void AModelThatCannotBeSavedLeavesThePreviousChartAlone()
    {
        using var dir = new TempDirectory();
        string train = dir.Write("train.csv", SyntheticData.Csv(30, seed: 9));
        string chart = dir.Write("c.svg", "the previous chart");
        string blocker = dir.Write("models", "a file where the model's directory should be");

        CliResult result = Cli.Run("train", "--data", train, "--epochs", "3", "--out", Path.Combine(blocker, "m.spn"), "--plot", chart);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal("the previous chart", File.ReadAllText(chart));
        Assert.Empty(Directory.GetFiles(dir.Path, ".spannet-*"));
    }

    private sealed class CancelOnFirstLineAfterFlush(CancellationTokenSource cancel) : StringWriter(CultureInfo.InvariantCulture)
    {
        private bool flushed;

        public override string NewLine => "\n";

        public override void Flush()
        {
            flushed = true;
            base.Flush();
        }

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (flushed)
            {
                cancel.Cancel();
            }
        }
    }

    [Theory]
    [InlineData("--optimizer", "newton")]
    [InlineData("--scaling", "log")]
    [InlineData("--validation-split", "0")]
    [InlineData("--validation-split", "1")]
    [InlineData("--layers", "64,,10")]
    [InlineData("--layers", "64")]
    [InlineData("--epochs", "0")]
    [InlineData("--batch-size", "-1")]
    [InlineData("--learning-rate", "0")]
    [InlineData("--momentum", "1")]
    [InlineData("--momentum", "0.99999999")] // below 1 as a double, 1 as a float
    [InlineData("--lambda", "-1")]
    [InlineData("--seed", "x")]
    [InlineData("--threads", "-1")]
    public void BadOptionsAreUsageErrors(string option, string value)
    {
        string message = Cli.AssertOneLineError(Cli.Run("train", option, value, "--out", Path.Combine(Path.GetTempPath(), "never-written.spn")), exitCode: 2);
        Assert.Contains("train --help", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5000000")]
    [InlineData("2147483647")]
    public void AStrayHugeLabelIsReportedAtItsLine(string label)
    {
        using var dir = new TempDirectory();
        string data = dir.Write("d.csv", $"0.5,1,0\n0.25,2,1\n0.75,3,{label}\n1,4,0\n");
        string message = Cli.AssertOneLineError(Cli.Run("train", "--data", data, "--out", dir.File("m.spn")));
        Assert.Contains("d.csv: line 3, column 3", message, StringComparison.Ordinal);
        Assert.Contains($"label {label}", message, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
    }

    [Fact]
    public void OptionCombinationsThatMakeNoSenseAreUsageErrors()
    {
        using var dir = new TempDirectory();
        string data = dir.Write("d.csv", SyntheticData.Csv(12, seed: 10));
        Assert.Contains("--test needs --data", Cli.AssertOneLineError(Cli.Run("train", "--test", data, "--out", dir.File("m.spn")), exitCode: 2), StringComparison.Ordinal);
        Assert.Contains(
            "--early-stopping-patience needs a validation set",
            Cli.AssertOneLineError(Cli.Run("train", "--data", data, "--early-stopping-patience", "3", "--out", dir.File("m.spn")), exitCode: 2),
            StringComparison.Ordinal);
        Assert.Contains("same file", Cli.AssertOneLineError(Cli.Run("train", "--out", dir.File("x"), "--plot", dir.File("x")), exitCode: 2), StringComparison.Ordinal);
        Assert.Contains("is a directory", Cli.AssertOneLineError(Cli.Run("train", "--out", dir.Path)), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("m.spn")));
    }

    [Fact]
    public void HelpNamesTheDataAndItsLicense()
    {
        CliResult result = Cli.Run("train", "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Alpaydin", result.Out, StringComparison.Ordinal);
        Assert.Contains("CC BY 4.0", result.Out, StringComparison.Ordinal);
        foreach (string option in new[] { "--data", "--test", "--validation-split", "--layers", "--lambda", "--optimizer", "--epochs", "--batch-size", "--learning-rate", "--seed", "--scaling", "--threads", "--out", "--plot", "--early-stopping-patience" })
        {
            Assert.Contains(option, result.Out, StringComparison.Ordinal);
        }
    }

    private static double Percentage(string output, string label)
    {
        Match match = Regex.Match(output, $@"^{Regex.Escape(label)}\s+([0-9.]+)% \(", RegexOptions.Multiline);
        Assert.True(match.Success, $"no '{label}' line in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
