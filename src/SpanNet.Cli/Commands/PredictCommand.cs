using System.CommandLine;
using System.Globalization;
using System.Text;
using SpanNet.Cli.Csv;
using SpanNet.Cli.Infrastructure;
using SpanNet.Models;
using SpanNet.Networks;

namespace SpanNet.Cli.Commands;

/// <summary><c>spannet predict --model model.spn --data x.csv [--probabilities]</c>: one line per example.</summary>
internal static class PredictCommand
{
    public static Command Create(CliConsole console)
    {
        Option<string> model = CommonOptions.Model();
        Option<string> data = CommonOptions.RequiredPath(
            "--data", "Examples as CSV: the model's s_1 raw feature columns, optionally followed by a label column (ignored); optional header line.");
        var probabilities = new Option<bool>("--probabilities")
        {
            Description = "Print the predicted class followed by the K network outputs h_k (independent sigmoids in [0, 1], so they need not sum to 1), comma-separated.",
        };
        var command = new Command(
            "predict",
            "Print the predicted class (argmax of the outputs) of each example, one line per row of the data file, in order.")
        {
            model,
            data,
            probabilities,
        };
        command.SetAction(result => Run(result.GetRequiredValue(model), result.GetRequiredValue(data), result.GetValue(probabilities), console));
        return command;
    }

    public static int Run(string modelPath, string dataPath, bool withProbabilities, CliConsole console)
    {
        Model model = ModelFiles.Load(modelPath);
        NetworkArchitecture architecture = model.Architecture;
        int n = architecture.InputCount, k = architecture.OutputCount;

        // Features only (s_1 cells) or features and a label (s_1 + 1 cells), decided by the first data
        // row; the reader already requires every row to have as many cells as the first.
        CsvTable table = CsvReader.ReadMatrix(dataPath);
        if (table.ColumnCount != n && table.ColumnCount != n + 1)
        {
            throw table.ErrorAt(
                0, null, $"has {table.ColumnCount} cells per row, but the model takes {n} features: give {n} cells (features) or {n + 1} (features, then a label, which is ignored).");
        }

        if (model.Scaling is { } scaling)
        {
            DataFiles.CheckScalable(table, scaling);
        }

        int stride = table.ColumnCount;
        float[] values = table.Values;
        var workspace = new Workspace(architecture);
        float[] outputs = new float[k];
        var text = new StringBuilder(64 * 1024);
        Span<char> number = stackalloc char[32];
        TextWriter o = console.Out;
        for (int i = 0; i < table.RowCount; i++)
        {
            ReadOnlySpan<float> features = values.AsSpan(i * stride, n);
            if (withProbabilities)
            {
                text.Append(model.PredictClass(features, outputs, workspace));
                foreach (float p in outputs)
                {
                    p.TryFormat(number, out int written, "R", CultureInfo.InvariantCulture);
                    text.Append(',').Append(number[..written]);
                }
            }
            else
            {
                text.Append(model.PredictClass(features, workspace));
            }

            text.Append(o.NewLine);
            if (text.Length > 60 * 1024)
            {
                o.Write(text);
                text.Clear();
            }
        }

        o.Write(text);
        return ExitCodes.Success;
    }
}
