using System.Text.RegularExpressions;
using SpanNet.Data;
using SpanNet.Evaluation;
using SpanNet.Models;
using SpanNet.Networks;
using SpanNet.Training;

namespace SpanNet.Tests;

/// <summary>
/// The README's library example, compiled and run here; a second test checks the README shows
/// exactly this code, so the docs cannot drift from what compiles.
/// </summary>
public partial class ReadmeExampleTests
{
    [Fact]
    public void ExampleTrainsSavesLoadsAndPredicts()
    {
        LabeledData rawTrain = DigitsData.RawRows(DigitsData.TrainIndices);
        float[] features = rawTrain.AllFeatures.ToArray();
        int[] labels = [.. Enumerable.Range(0, rawTrain.Count).Select(rawTrain.Label)];
        float[] oneImage = rawTrain.Features(0).ToArray();
        string path = Path.Combine(Path.GetTempPath(), $"readme-{Guid.NewGuid():N}.spn");
        try
        {
            int digit = Example(features, labels, oneImage, path);
            Assert.Equal(labels[0], digit);
            EvaluationReport report = ModelEvaluation.Evaluate(ModelFile.Load(path), DigitsData.RawRows(DigitsData.TestIndices));
            Assert.True(report.Accuracy > 0.95, $"test accuracy {report.Accuracy:P2}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadmeShowsThisExample()
    {
        string source = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ReadmeExampleTests.cs"));
        string readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        string example = ExampleRegion().Match(source).Groups[1].Value;
        string[] lines = [.. example.Split('\n').Select(l => l.TrimEnd('\r'))];
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        string expected = string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.Trim())).Trim();
        Assert.Contains(expected, readme.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private static int Example(float[] features, int[] labels, float[] oneImage, string path)
    {
        // README example begin
        // features: m × 64 raw pixel counts (row-major), labels: m digits 0..9
        var architecture = new NetworkArchitecture(64, 25, 10);
        var scaling = FeatureScaling.Learn(ScalingKind.MinMax, features, featureCount: 64);
        var train = LabeledData.FromClassLabels(scaling.ApplyAll(features), 64, labels, classCount: 10);

        Network network = Network.CreateRandom(architecture, seed: 1);
        var trainer = new Trainer(architecture, new TrainerOptions { Optimizer = OptimizerKind.Lbfgs, MaxEpochs = 400, Lambda = 1f });
        TrainingResult result = trainer.Train(network, train, onEpoch: (in EpochReport r) =>
        {
            if (r.Epoch % 100 == 0) Console.WriteLine($"epoch {r.Epoch}: J = {r.TrainingCost:F4}, accuracy {r.TrainingAccuracy:P1}");
        });

        var model = new Model(network, scaling);   // immutable, thread-safe, takes raw features
        ModelFile.Save(model, path);               // atomic: temp file + rename
        int digit = ModelFile.Load(path).PredictClass(oneImage);   // 0 B per prediction after a thread's first
        // README example end
        Assert.True(result.Epochs > 0);
        return digit;
    }

    [GeneratedRegex(@"// README example begin\r?\n(.*?)\r?\n\s*// README example end", RegexOptions.Singleline)]
    private static partial Regex ExampleRegion();
}
