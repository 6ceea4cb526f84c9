using System.Globalization;
using System.Xml.Linq;
using SpanNet.Cli.Infrastructure;
using SpanNet.Cli.Plotting;
using SpanNet.Training;

namespace SpanNet.Cli.Tests;

public class ProgressAndPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static EpochReport Epoch(int epoch, int max, double cost = 1, double validationCost = double.NaN, double validationAccuracy = double.NaN) =>
        new(epoch, max, cost, 0.5 + (0.5 * epoch / max), validationCost, validationAccuracy, TimeSpan.FromMilliseconds(epoch), epoch);

    [Fact]
    public void RedirectedProgressPrintsAboutTwentyLinesIncludingTheFirstAndTheLast()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var progress = new TrainingProgress(output, terminal: false, "epoch", "test", 400);
        for (int e = 1; e <= 400; e++)
        {
            progress.Report(Epoch(e, 400, validationCost: 2, validationAccuracy: 0.9));
        }

        progress.Finish();
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.StartsWith("epoch   1/400 [░░░░░░░░░░░░░░░░░░░░] J 1.0000  train  50.1%  test  90.0% J 2.0000", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("epoch 400/400 [████████████████████] J 1.0000  train 100.0%  test  90.0% J 2.0000", lines[^1], StringComparison.Ordinal);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void RedirectedProgressShowsTheLastEpochWhenTrainingStopsEarly()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var progress = new TrainingProgress(output, terminal: false, "iteration", null, 1000);
        for (int e = 1; e <= 137; e++)
        {
            progress.Report(Epoch(e, 1000));
        }

        progress.Finish();
        string[] lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["iteration    1/1000", "iteration   50/1000", "iteration  100/1000", "iteration  137/1000"], lines.Select(l => l[..19]));
        Assert.DoesNotContain("test", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TerminalProgressRedrawsOneLineThatNeverWraps()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var progress = new TrainingProgress(output, terminal: true, "iteration", "validation", 400, terminalWidth: 80);
        for (int e = 1; e <= 400; e++)
        {
            progress.Report(Epoch(e, 400, cost: 1000.0 / e, validationCost: 0.5, validationAccuracy: 0.95));
        }

        Assert.DoesNotContain('\n', output.ToString());
        progress.Finish();
        string text = output.ToString();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        string[] frames = text.TrimEnd('\n').Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(frames.Length, 2, 400);
        Assert.All(frames, f => Assert.True(f.Length < 80, f));
        Assert.StartsWith("400/400 [", frames[^1], StringComparison.Ordinal); // compact: no room for everything in 80 columns
        Assert.Contains("validation  95.0%", frames[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void WideTerminalsGetTheFullLineAndABar()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var progress = new TrainingProgress(output, terminal: true, "iteration", "test", 400, terminalWidth: 120);
        progress.Report(Epoch(400, 400, cost: 0.25, validationCost: 0.5, validationAccuracy: 0.95));
        progress.Finish();
        string line = output.ToString().Trim('\r', '\n');
        Assert.StartsWith("iteration 400/400 [██████████████████████████████] J 0.2500  train 100.0%  test  95.0% J 0.5000", line, StringComparison.Ordinal);
        Assert.True(line.Length < 120, line);
    }

    [Fact]
    public void EndLineClosesAnOpenTerminalLine()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        var progress = new TrainingProgress(output, terminal: true, "epoch", null, 10);
        progress.Report(Epoch(1, 10));
        progress.EndLine();
        progress.EndLine();
        Assert.Equal(1, output.ToString().Count(c => c == '\n'));
        Assert.EndsWith("\n", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.2, "0.2000")]
    [InlineData(12.345, "12.35")]
    [InlineData(12345.6, "12346")]
    [InlineData(0.000123, "1.23E-4")]
    [InlineData(0, "0.0000")]
    [InlineData(double.NaN, "NaN")]
    public void CostsAreCompact(double cost, string expected) => Assert.Equal(expected, TrainingProgress.Cost(cost));

    public static TheoryData<string, int, double, bool> Curves => new()
    {
        // name, epochs, final cost, with a monitored set
        { "one epoch", 1, 0.5, false },
        { "flat", 20, 0.9, true },
        { "decades", 400, 0.001, true },
        { "long run", 5000, 0.1, false },
    };

    [Theory]
    [MemberData(nameof(Curves))]
    public void CurvesOfEveryShapeAreValidSvg(string name, int epochs, double finalCost, bool monitor)
    {
        var reports = new List<EpochReport>();
        for (int e = 1; e <= epochs; e++)
        {
            double t = (double)e / epochs;
            double cost = epochs == 1 ? finalCost : 7 * Math.Pow(finalCost / 7, t);
            reports.Add(new EpochReport(e, epochs, cost, Math.Min(1, 0.1 + t), monitor ? cost * 1.1 : double.NaN, monitor ? 0.9 * t : double.NaN, TimeSpan.Zero, e));
        }

        string text = LearningCurveSvg.Render(new LearningCurve($"{name} <&> \"quoted\"", "subtitle", "epoch", reports, monitor ? "validation" : null, epochs / 2 > 0 ? epochs / 2 : null, "best"));
        XDocument svg = XDocument.Parse(text);
        Assert.Equal(Svg + "svg", svg.Root!.Name);
        Assert.Equal($"{name} <&> \"quoted\"", svg.Root.Element(Svg + "title")!.Value);
        XElement[] lines = [.. svg.Descendants(Svg + "polyline")];
        Assert.Equal(monitor ? 4 : 2, lines.Length);
        // Every epoch up to 1,500, then every stride-th one (stride = ⌈epochs / 1500⌉) and the last:
        // 5,000 epochs are drawn with 1,250 + 1 points.
        int stride = Math.Max(1, (epochs + 1499) / 1500);
        int expectedPoints = ((epochs + stride - 1) / stride) + ((epochs - 1) % stride != 0 ? 1 : 0);
        foreach (XElement line in lines)
        {
            string[] points = ((string)line.Attribute("points")!).Split(' ');
            Assert.Equal(expectedPoints, points.Length);
            Assert.All(points, p => Assert.Equal(2, p.Split(',').Length));
        }

        double highest = epochs == 1 ? finalCost : monitor ? 7.7 : 7;
        bool log = highest / finalCost >= 10;
        Assert.Equal(log, svg.Descendants(Svg + "text").Any(t => t.Value == "cost J (log scale)"));
    }

    [Fact]
    public void AnEmptyCurveIsStillAValidSvg()
    {
        XDocument svg = XDocument.Parse(LearningCurveSvg.Render(new LearningCurve("t", "s", "epoch", [], null)));
        Assert.Empty(svg.Descendants(Svg + "polyline"));
    }
}
