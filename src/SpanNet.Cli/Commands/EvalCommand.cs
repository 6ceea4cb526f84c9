using System.CommandLine;
using System.Globalization;
using System.Text;
using SpanNet.Cli.Infrastructure;
using SpanNet.Data;
using SpanNet.Evaluation;
using SpanNet.Models;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet eval --model model.spn --data test.csv [--json]</c>: accuracy, cost and confusion matrix.</summary>
internal static class EvalCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> model = CommonOptions.Model();
        Option<string> data = CommonOptions.RequiredPath(
            "--data", "Labeled examples as CSV: the model's feature columns (raw: the model applies its own input scaling), then the class label 0 … K−1; optional header line.");
        Option<bool> json = CommonOptions.Json();
        var command = new Command(
            "eval",
            "Evaluate a model on labeled data: accuracy, cross-entropy cost (λ = 0) and the confusion matrix (rows: true class, columns: predicted class).")
        {
            model,
            data,
            json,
        };
        command.SetAction(result => Run(result.GetRequiredValue(model), result.GetRequiredValue(data), result.GetValue(json), console));
        return command;
    }

    public static int Run(string modelPath, string dataPath, bool json, CliConsole console)
    {
        Model model = ModelFiles.Load(modelPath);
        LabeledData data = DataFiles.LoadRawForModel(dataPath, model);
        EvaluationReport report = ModelEvaluation.Evaluate(model, data);
        int k = report.ClassCount;
        int correct = 0;
        for (int c = 0; c < k; c++)
        {
            correct += report.Count(c, c);
        }

        if (json)
        {
            JsonOutput.WriteObject(console.Out, writer =>
            {
                writer.WriteString("model", modelPath);
                writer.WriteString("data", dataPath);
                writer.WriteString("architecture", model.Architecture.ToString());
                writer.WriteNumber("examples", report.Examples);
                writer.WriteNumber("correct", correct);
                writer.WriteNumber("accuracy", report.Accuracy);
                writer.WriteNumberOrNull("cost", report.Cost);
                writer.WriteNumber("classes", k);
                writer.WriteStartArray("confusionMatrix");
                for (int actual = 0; actual < k; actual++)
                {
                    writer.WriteStartArray();
                    for (int predicted = 0; predicted < k; predicted++)
                    {
                        writer.WriteNumberValue(report.Count(actual, predicted));
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndArray();
            });
            return ExitCodes.Success;
        }

        TextWriter o = console.Out;
        string scaling = model.Scaling?.Kind switch
        {
            ScalingKind.MinMax => ", min-max input scaling",
            ScalingKind.Standardize => ", standardized inputs",
            _ => string.Empty,
        };
        o.WriteLine($"model     {modelPath} ({model.Architecture} network{scaling})");
        o.WriteLine($"data      {dataPath}: {report.Examples} {(report.Examples == 1 ? "example" : "examples")}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy  {report.Accuracy * 100:F2}% ({correct} / {report.Examples})"));
        o.WriteLine($"cost      {report.Cost.ToString("R", CultureInfo.InvariantCulture)} (cross-entropy, λ = 0)");
        o.WriteLine();
        foreach (string line in ConfusionTable(report))
        {
            o.WriteLine(line);
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// The confusion matrix as a text table: a header row of predicted classes, one row per true
    /// class with its total and recall, and a row of column totals. Zeros are shown as "." so the
    /// mistakes stand out.
    /// </summary>
    /// <param name="report">The evaluation.</param>
    /// <returns>The lines (without line breaks).</returns>
    public static string[] ConfusionTable(EvaluationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        int k = report.ClassCount;
        int largest = Math.Max(report.Examples, k - 1);
        int cell = Math.Max(3, largest.ToString(CultureInfo.InvariantCulture).Length) + 2;
        const string corner = "true\\pred";
        int head = corner.Length;
        var text = new StringBuilder();
        text.AppendLine("confusion matrix: rows = true class, columns = predicted class");

        text.Append(corner);
        for (int c = 0; c < k; c++)
        {
            text.Append(I(c).PadLeft(cell));
        }

        text.Append("  |  total  recall").AppendLine();
        text.Append('-', head + (cell * k) + 2).Append("+").Append('-', 16).AppendLine();

        int[] columnTotals = new int[k];
        for (int actual = 0; actual < k; actual++)
        {
            text.Append(I(actual).PadLeft(head));
            int rowTotal = 0;
            for (int predicted = 0; predicted < k; predicted++)
            {
                int count = report.Count(actual, predicted);
                rowTotal += count;
                columnTotals[predicted] += count;
                text.Append((count == 0 ? "." : I(count)).PadLeft(cell));
            }

            string recall = rowTotal == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * report.Count(actual, actual) / rowTotal:F1}%");
            text.Append("  |").Append(I(rowTotal).PadLeft(7)).Append(recall.PadLeft(8)).AppendLine();
        }

        text.Append('-', head + (cell * k) + 2).Append("+").Append('-', 16).AppendLine();
        text.Append("total".PadLeft(head));
        for (int c = 0; c < k; c++)
        {
            text.Append(I(columnTotals[c]).PadLeft(cell));
        }

        text.Append("  |").Append(I(report.Examples).PadLeft(7)).AppendLine();
        return text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
